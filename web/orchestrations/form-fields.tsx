// Form pieces both the orchestration and the campaign forms use: name, JSON objects and the schedule.
import { useMemo, useState } from 'react';
import { Field } from '../components/ui';
import { cronProblem, describeCron, timeZones } from './schedule';

/** The message next to a field (by its key, e.g. `schedule.cron`), if any. */
type FieldError = (k: string) => string | undefined;

/** What a source (or audience) query may be, for the help under the field. */
export const SOURCE_HELP =
  'Either a file path or glob on the server of CSV, TSV, Parquet, JSON or JSONL files (e.g. ' +
  '/data/customers.csv or /data/orders-*.parquet), or SQL: DuckDB SQL over such files ' +
  "(SELECT email, phone FROM '/data/customers.parquet') or pg:<query> on the database named by " +
  'SOURCE_DATABASE_URL.';

/** A JSON object typed in a textarea: its value, or why it does not parse (empty text is `{}`). */
export function parseJsonObject(text: string): { value?: Record<string, unknown>; error?: string } {
  if (text.trim() === '') return { value: {} };
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return { error: 'must be a JSON object, e.g. {"defaultRegion": "US"}' };
    }
    return { value: value as Record<string, unknown> };
  } catch (err) {
    return { error: `not valid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** An object as the text of a JSON textarea (empty for `{}`, so an untouched field stays empty). */
export function jsonText(value: Record<string, unknown> | undefined): string {
  return value && Object.keys(value).length > 0 ? JSON.stringify(value, null, 2) : '';
}

/** A textarea holding a JSON object; its parse error (or the server's) shows next to it. */
export function JsonField(props: {
  id: string;
  label: string;
  help: string;
  value: string;
  onChange: (text: string) => void;
  serverError?: string | undefined;
  /** Show a parse error before the field is left (after a submit). */
  checked?: boolean;
}) {
  const [left, setLeft] = useState(false);
  const parseError = left || props.checked ? parseJsonObject(props.value).error : undefined;
  return (
    <Field label={props.label} htmlFor={props.id} help={props.help} error={parseError ?? props.serverError}>
      <textarea
        id={props.id}
        value={props.value}
        spellCheck={false}
        placeholder="{}"
        onBlur={() => setLeft(true)}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </Field>
  );
}

/** The cron expression and its time zone; an empty cron means `emptyMeaning` (on demand, one time). */
export function ScheduleFields(props: {
  idPrefix: string;
  values: { cron: string; timezone: string };
  set: (k: 'cron' | 'timezone', value: string) => void;
  /** The messages of the fields `schedule.cron` and `schedule.timezone`. */
  err: FieldError;
  emptyMeaning: string;
  /** Show the cron check before the field is left (after a submit). */
  checked?: boolean;
}) {
  const { cron, timezone } = props.values;
  const zones = useMemo(timeZones, []);
  const [left, setLeft] = useState(false);
  // Checked once the person leaves the field, so a half-typed expression is not flagged.
  const problem = left || props.checked ? cronProblem(cron) : undefined;
  const hint =
    cron.trim() === ''
      ? `Empty: ${props.emptyMeaning}.`
      : problem
        ? undefined
        : cronProblem(cron)
          ? '5 fields: minute hour day-of-month month day-of-week, e.g. "0 6 * * *" for every day at 06:00.'
          : `Runs ${describeCron(cron)} (${timezone}).`;
  return (
    <>
      <Field
        label="Schedule (cron)"
        htmlFor={`${props.idPrefix}-cron`}
        help={hint}
        error={problem ?? props.err('schedule.cron')}
      >
        <input
          id={`${props.idPrefix}-cron`}
          className="mono"
          value={cron}
          placeholder="0 6 * * *"
          onBlur={() => setLeft(true)}
          onChange={(e) => props.set('cron', e.target.value)}
        />
      </Field>
      <Field
        label="Time zone"
        htmlFor={`${props.idPrefix}-tz`}
        help="IANA time zone the cron expression is read in; daylight-saving changes follow it."
        error={props.err('schedule.timezone')}
      >
        <select
          id={`${props.idPrefix}-tz`}
          value={timezone}
          onChange={(e) => props.set('timezone', e.target.value)}
        >
          {(zones.includes(timezone) ? zones : [timezone, ...zones]).map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
      </Field>
    </>
  );
}

/** The "Name" and "Description" inputs every orchestration and campaign has. */
export function NameFields(props: {
  idPrefix: string;
  values: { name: string; description: string };
  set: (k: 'name' | 'description', value: string) => void;
  err: FieldError;
}) {
  const { idPrefix, values, set, err } = props;
  return (
    <>
      <Field label="Name" htmlFor={`${idPrefix}-name`} error={err('name')}>
        <input id={`${idPrefix}-name`} value={values.name} onChange={(e) => set('name', e.target.value)} />
      </Field>
      <Field
        label="Description"
        htmlFor={`${idPrefix}-description`}
        help="What it is for."
        error={err('description')}
      >
        <input
          id={`${idPrefix}-description`}
          value={values.description}
          onChange={(e) => set('description', e.target.value)}
        />
      </Field>
    </>
  );
}
