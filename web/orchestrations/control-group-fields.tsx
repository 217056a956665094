// A campaign's control group: the share held out of sending, and how the people held out are drawn.
import { Field } from '../components/ui';

type Key = 'controlGroupPercent' | 'controlGroupSeed' | 'controlGroupKey';

/** The control group's percentage, seed and key column (texts; the form turns them into the API's types). */
export function ControlGroupFields(props: {
  percent: string;
  seed: string;
  keyColumn: string;
  onChange: (k: Key, value: string) => void;
  err: (k: string) => string | undefined;
}) {
  const { err } = props;
  const set = props.onChange;
  return (
    <>
      <Field
        label="Control group (%)"
        htmlFor="cmp-control"
        help="Share of the audience held out (0 to 50, two decimals at most): never sent, recorded so that lift can be measured."
        error={err('controlGroupPercent')}
      >
        <input
          id="cmp-control"
          type="number"
          min={0}
          max={50}
          step={0.01}
          value={props.percent}
          onChange={(e) => set('controlGroupPercent', e.target.value)}
        />
      </Field>
      <Field
        label="Control group seed"
        htmlFor="cmp-seed"
        help='Seed of the draw: the same seed holds out the same people. Letters, digits, "_", "-" and "." only. Empty: generated (kept when editing).'
        error={err('controlGroupSeed')}
      >
        <input id="cmp-seed" value={props.seed} onChange={(e) => set('controlGroupSeed', e.target.value)} />
      </Field>
      <Field
        label="Control group key"
        htmlFor="cmp-key"
        help="Column that identifies a person for the draw, e.g. customer_id. Empty: the normalised email, else the phone digits."
        error={err('controlGroupKey')}
      >
        <input
          id="cmp-key"
          value={props.keyColumn}
          onChange={(e) => set('controlGroupKey', e.target.value)}
        />
      </Field>
    </>
  );
}
