// Generic rendering of stored JSON (run params, resolved settings, step results, errors) as compact tables,
// so the pages show what the API holds without a component per shape.

import type { ReactNode } from 'react';
import { formatNumber } from '../components/ui';

/** Words for a camelCase or snake_case key: `eventSetId` -> "event set id". */
export function keyLabel(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase()
    .replace(/^./, (c) => c.toUpperCase());
}

/** One JSON value in a cell: numbers with separators, lists joined, objects as a nested table. */
export function JsonValue({ value }: { value: unknown }): ReactNode {
  if (value === null || value === undefined || value === '') return <span className="muted">—</span>;
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="muted">none</span>;
    if (value.every((v) => typeof v !== 'object' || v === null)) return value.map(String).join(', ');
    return <pre className="mono">{JSON.stringify(value, null, 2)}</pre>;
  }
  if (typeof value === 'object') return <ValueTable value={value as Record<string, unknown>} />;
  // Not JSON (functions, symbols): nothing to show.
  return null;
}

/** A compact two-column table of an object's keys and values; `skip` leaves keys out. */
export function ValueTable(props: { value: Record<string, unknown>; skip?: string[]; caption?: string }) {
  const entries = Object.entries(props.value).filter(([k]) => !props.skip?.includes(k));
  if (entries.length === 0) return <span className="muted">none</span>;
  return (
    <table className="compact">
      {props.caption ? <caption className="sr-only">{props.caption}</caption> : null}
      <tbody>
        {entries.map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{keyLabel(k)}</th>
            <td>
              <JsonValue value={v} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Counts per key (rejects per reason, conflicts per column) as a table, largest first; zeros left out. */
export function CountTable(props: { counts: Record<string, number> | undefined; what: string; of: string }) {
  const rows = Object.entries(props.counts ?? {})
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
  if (rows.length === 0) return <p className="muted">None.</p>;
  return (
    <table className="compact">
      <thead>
        <tr>
          <th scope="col">{props.what}</th>
          <th scope="col" className="num">
            {props.of}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([k, n]) => (
          <tr key={k}>
            <td>
              <code>{k}</code>
            </td>
            <td className="num">{formatNumber(n)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
