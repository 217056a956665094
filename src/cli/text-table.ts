// Plain-text output of the commands: tables and `key: value` lines.

const cell = (value: unknown): string => {
  if (value === null || value === undefined) return '-';
  if (value instanceof Date) return value.toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return value.toString();
  return JSON.stringify(value) ?? '-';
};

/** A plain-text table: a header line, then one line per row, columns padded to their widest cell; `(none)` when empty. */
export function table<T extends object>(
  rows: readonly T[],
  columns: readonly (readonly [Extract<keyof T, string>, string])[],
): string {
  const lines = [
    columns.map(([, header]) => header),
    ...rows.map((r) => columns.map(([key]) => cell(r[key]))),
  ];
  const widths = columns.map((_, i) => Math.max(...lines.map((l) => (l[i] ?? '').length)));
  const text = lines
    .map((l) =>
      l
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
  return rows.length === 0 ? `${text}\n(none)` : text;
}

/** `key: value` lines, for one object. */
export function fields(pairs: readonly [string, unknown][]): string {
  const width = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${`${k}:`.padEnd(width + 1)} ${cell(v)}`).join('\n');
}
