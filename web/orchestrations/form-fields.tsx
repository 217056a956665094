// Form pieces both the orchestration and the campaign forms use: JSON objects and the schedule.
import { useMemo, useState } from 'react';
import { Field } from '../components/ui';
import { cronProblem, describeCron, timeZones } from './schedule';

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
  cron: string;
  timezone: string;
  onCron: (cron: string) => void;
  onTimezone: (zone: string) => void;
  emptyMeaning: string;
  cronError?: string | undefined;
  timezoneError?: string | undefined;
  /** Show the cron check before the field is left (after a submit). */
  checked?: boolean;
}) {
  const zones = useMemo(timeZones, []);
  const [left, setLeft] = useState(false);
  // Checked once the person leaves the field, so a half-typed expression is not flagged.
  const problem = left || props.checked ? cronProblem(props.cron) : undefined;
  const hint =
    props.cron.trim() === ''
      ? `Empty: ${props.emptyMeaning}.`
      : problem
        ? undefined
        : cronProblem(props.cron)
          ? '5 fields: minute hour day-of-month month day-of-week, e.g. "0 6 * * *" for every day at 06:00.'
          : `Runs ${describeCron(props.cron)} (${props.timezone}).`;
  return (
    <>
      <Field
        label="Schedule (cron)"
        htmlFor={`${props.idPrefix}-cron`}
        help={hint}
        error={problem ?? props.cronError}
      >
        <input
          id={`${props.idPrefix}-cron`}
          className="mono"
          value={props.cron}
          placeholder="0 6 * * *"
          onBlur={() => setLeft(true)}
          onChange={(e) => props.onCron(e.target.value)}
        />
      </Field>
      <Field
        label="Time zone"
        htmlFor={`${props.idPrefix}-tz`}
        help="IANA time zone the cron expression is read in; daylight-saving changes follow it."
        error={props.timezoneError}
      >
        <select
          id={`${props.idPrefix}-tz`}
          value={props.timezone}
          onChange={(e) => props.onTimezone(e.target.value)}
        >
          {(zones.includes(props.timezone) ? zones : [props.timezone, ...zones]).map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
      </Field>
    </>
  );
}
