import { ID_TYPES, REJECT_REASON, type IdType } from '../identity/index.js';
import { csvSafeColumnSql, sqlString } from '../sources/index.js';
import { ID_TYPE_CODE, REJECTED_OFFSET, ROW_NONE_PRESENT } from './normalize-select.js';

/** At most this many rejects are written to a run's rejects file (the report counts them all). */
export const MAX_REJECT_LINES = 100_000;

/**
 * The COPY statement writing an audience run's rejects to a CSV file: `row,id_type,reason,value`, one line
 * per rejected value (the value as read from the source) and one `no_identifier` line per row with none of
 * the chosen identifiers, in source order, at most `limit` lines. It reads the bookkeeping rows
 * normalizeSelectSql leaves in `pairs` (once the pending values are resolved) and the source text table
 * whose rowid is `rid`. Cells and header are neutralised (csvSafeColumnSql): a value starting like a formula
 * gets a leading `'`, as in every CSV ttads writes.
 * @param columns the source table's column of each chosen type that has one
 * @param sourceRowColumn the source table's column holding the row number (default its rowid)
 */
export function rejectsCopySql(
  pairs: string,
  source: string,
  columns: readonly { type: IdType; ref: string }[],
  path: string,
  limit = MAX_REJECT_LINES,
  sourceRowColumn = 'rowid',
): string {
  const rejected = ID_TYPES.map((t) => REJECTED_OFFSET + ID_TYPE_CODE[t]);
  const whenType = ID_TYPES.map((t) => `WHEN ${REJECTED_OFFSET + ID_TYPE_CODE[t]} THEN '${t}'`).join(' ');
  const whenReason = ID_TYPES.map(
    (t) => `WHEN ${REJECTED_OFFSET + ID_TYPE_CODE[t]} THEN '${REJECT_REASON[t]}'`,
  ).join(' ');
  const whenValue = columns
    .map((c) => `WHEN ${REJECTED_OFFSET + ID_TYPE_CODE[c.type]} THEN s.${c.ref}`)
    .join(' ');
  // The few rejected rows are picked (and cut to the limit) before their values are looked up.
  const picked = `SELECT rid, id_type FROM ${pairs}
    WHERE id_type IN (${[...rejected, ROW_NONE_PRESENT].join(', ')}) ORDER BY rid, id_type LIMIT ${limit}`;
  const cells = [
    csvSafeColumnSql('p.rid + 1', 'row'),
    csvSafeColumnSql(`CASE p.id_type ${whenType} END`, 'id_type'),
    csvSafeColumnSql(`CASE p.id_type ${whenReason} ELSE 'no_identifier' END`, 'reason'),
    csvSafeColumnSql(whenValue ? `CASE p.id_type ${whenValue} END` : 'NULL', 'value'),
  ];
  return `COPY (
    SELECT ${cells.join(',\n      ')}
    FROM (${picked}) AS p LEFT JOIN ${source} AS s ON s.${sourceRowColumn} = p.rid
    ORDER BY p.rid, p.id_type
  ) TO ${sqlString(path)} (FORMAT csv, HEADER true)`;
}
