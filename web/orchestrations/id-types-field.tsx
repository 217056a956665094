// The user ID types a campaign sends, as checkboxes in a fieldset (each checkbox has its own label).
import { ID_TYPES } from './types';

/** Checkboxes for EMAIL, PHONE, AAID and IDFA, kept in that order; the server's message shows below. */
export function IdTypesField(props: {
  value: string[];
  onChange: (types: string[]) => void;
  error?: string | undefined;
  /** The help under the boxes (default: what a campaign sends by default). */
  help?: string;
}) {
  const toggle = (type: string, on: boolean) =>
    props.onChange(ID_TYPES.filter((t) => (t === type ? on : props.value.includes(t))));
  return (
    <fieldset className={`field${props.error ? ' has-error' : ''}`}>
      <legend>User ID types</legend>
      <div className="inline-checks">
        {ID_TYPES.map((t) => (
          <label key={t} className="checkbox" htmlFor={`cmp-id-${t}`}>
            <input
              id={`cmp-id-${t}`}
              type="checkbox"
              checked={props.value.includes(t)}
              onChange={(e) => toggle(t, e.target.checked)}
            />
            {t}
          </label>
        ))}
      </div>
      <p className="help">
        {props.help ??
          'The identifiers sent, hashed (EMAIL and PHONE by default); AAID and IDFA are mobile advertising IDs.'}
      </p>
      {props.error ? (
        <p className="field-error" role="alert">
          {props.error}
        </p>
      ) : null}
    </fieldset>
  );
}
