import type { IdType } from '../identity/index.js';
import { HASH_UDF } from './normalize-udf.js';
import { PHONE_COLUMNS, phoneDigitsSql, phoneVerdictSql } from './phone-sql.js';
import { sqlString } from './sql-literal.js';

/**
 * The SELECT that turns one row of raw identifier text per customer into (rid, id_type, hash) rows,
 * applying src/identity's rules inside DuckDB. Only ASCII values take the SQL paths: for them DuckDB's
 * lower() and a trim of the six ASCII spaces give exactly JavaScript's toLowerCase() and trim(). Every
 * other value, and every phone the SQL fast path declines, goes to identity's own hashIdentifier
 * through the {@link HASH_UDF} scalar function.
 *
 * Besides the valid pairs it emits bookkeeping rows (hash NULL) that the caller counts and deletes:
 * id_type 100 + code for a rejected value, {@link ROW_NONE_PRESENT} for a row with no chosen
 * identifier given, {@link ROW_NONE_VALID} for a row whose given identifiers were all rejected.
 */

/** Fixed codes of the identifier types, as stored in snapshots. */
export const ID_TYPE_CODE = { EMAIL: 0, PHONE: 1, IDFA: 2, AAID: 3 } as const satisfies Record<IdType, number>;
/** Offset of the code of a rejected value's bookkeeping row. */
export const REJECTED_OFFSET = 100;
export const ROW_NONE_VALID = 254;
export const ROW_NONE_PRESENT = 255;

/** One identifier column to read: its type and the source table column holding its text. */
export interface TypedColumn {
  type: IdType;
  /** Column of the source table (already text), as a SQL identifier. */
  ref: string;
}

// JavaScript's String.prototype.trim() strips these among ASCII characters (\t \n \v \f \r space).
const ASCII_SPACES = 'chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || chr(32)';
const HEX64 = sqlString('[0-9a-fA-F]{64}');
// email.ts's /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/ for ASCII text; RE2's \s lacks \v, so it is spelled out.
const NOT_SPACE_AT = '\\t\\n\\x0B\\f\\r @';
const EMAIL_SHAPE = sqlString(`[^${NOT_SPACE_AT}]+@[^${NOT_SPACE_AT}.]+(?:\\.[^${NOT_SPACE_AT}.]+)+`);
const UUID_SHAPE = sqlString('[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}');
const TRACKING_DISABLED = sqlString('00000000-0000-0000-0000-000000000000');

/**
 * The outcome text of one column: the hex hash, '' when rejected, NULL when missing. `c` is the
 * column's code: its layers' columns are r<c> (raw), a<c> (is ASCII), t<c> (trimmed), x<c> (is a
 * SHA-256 hex), l<c> (trimmed and lower-cased); the phone column also has v (verdict).
 */
function outcomeSql(type: IdType, c: number, region: string): string {
  const [r, a, t, x, l] = ['r', 'a', 't', 'x', 'l'].map((p) => `${p}${c}`) as [string, string, string, string, string];
  let ascii: string;
  switch (type) {
    case 'EMAIL':
      ascii = `WHEN ${a} AND regexp_full_match(${l}, ${EMAIL_SHAPE}) THEN sha256(${l}) WHEN ${a} THEN ''`;
      break;
    case 'PHONE':
      ascii = `WHEN ${a} AND v = '' THEN '' WHEN ${a} AND v IS NOT NULL THEN sha256(v)`;
      break;
    case 'IDFA':
    case 'AAID':
      ascii = `WHEN ${a} AND regexp_full_match(${l}, ${UUID_SHAPE}) AND ${l} <> ${TRACKING_DISABLED} THEN sha256(${l})
        WHEN ${a} THEN ''`;
      break;
  }
  return `CASE WHEN ${r} IS NULL THEN NULL WHEN ${a} AND ${t} = '' THEN NULL WHEN ${a} AND ${x} THEN ${l}
    ${ascii} ELSE ${HASH_UDF}(${c}::UTINYINT, ${r}, ${sqlString(region)}) END`;
}

/**
 * SELECT rid, id_type, hash over `source` (a table whose rowid is the source row number).
 * @param columns the chosen types that have a column; chosen types without one are simply missing.
 * @param region upper-case default region for national phone numbers.
 */
export function normalizeSelectSql(source: string, columns: readonly TypedColumn[], region: string): string {
  const coded = columns.map((col) => ({ ...col, c: ID_TYPE_CODE[col.type] }));
  // trim() with a character list is slow; most values have nothing to trim, which ascii()/ord() see.
  const l1 = coded.map(
    ({ ref, c }) => `${ref} AS r${c}, strlen(${ref}) = length(${ref}) AS a${c},
      CASE WHEN strlen(${ref}) <> length(${ref}) THEN NULL
        WHEN ascii(${ref}) > 32 AND ord(${ref}[-1]) > 32 THEN ${ref} ELSE trim(${ref}, ${ASCII_SPACES}) END AS t${c}`,
  );
  const l2 = coded.map(
    ({ c }) =>
      `CASE WHEN length(t${c}) = 64 THEN regexp_full_match(t${c}, ${HEX64}) ELSE false END AS x${c}, lower(t${c}) AS l${c}`,
  );
  const phone = coded.find((col) => col.type === 'PHONE');
  const { digits: d, plus: pl, rest } = PHONE_COLUMNS;
  const [n1, n2, n3] = rest;
  // Each layer computes what the next reads once, instead of repeating the expression in every branch.
  let rows = `SELECT *${l2.map((s) => `, ${s}`).join('')} FROM (SELECT rowid AS rid${l1.map((s) => `, ${s}`).join('')} FROM ${source})`;
  if (phone) {
    const t = `t${phone.c}`;
    rows = `SELECT *, ${phoneDigitsSql(t)} AS ${d}, strpos(${t}, '+') > 0 AS ${pl} FROM (${rows})`;
    rows = `SELECT *, substr(${d}, 2) AS ${n1}, substr(${d}, 3) AS ${n2}, substr(${d}, 4) AS ${n3} FROM (${rows})`;
    rows = `SELECT *, ${phoneVerdictSql(region)} AS v FROM (${rows})`;
  }
  const outcomes = coded.map(({ type, c }) => `${outcomeSql(type, c, region)} AS o${c}`);
  const present = coded.map(({ c }) => `o${c} IS NOT NULL`).join(' OR ') || 'false';
  const valid = coded.map(({ c }) => `coalesce(o${c}, '') <> ''`).join(' OR ') || 'false';
  const codes = coded.map(
    ({ c }) => `CASE WHEN o${c} = '' THEN ${REJECTED_OFFSET + c} WHEN o${c} IS NOT NULL THEN ${c} END`,
  );
  const hashes = coded.map(({ c }) => `CASE WHEN o${c} <> '' THEN unhex(o${c}) END`);
  codes.push(
    `CASE WHEN NOT (${present}) THEN ${ROW_NONE_PRESENT} WHEN NOT (${valid}) THEN ${ROW_NONE_VALID} END`,
  );
  hashes.push('NULL::BLOB');
  rows = `SELECT rid${outcomes.map((s) => `, ${s}`).join('')} FROM (${rows})`;
  rows = `SELECT rid, unnest([${codes.join(', ')}]::UTINYINT[]) AS id_type,
    unnest([${hashes.join(', ')}]) AS hash FROM (${rows})`;
  return `SELECT id_type, hash, rid FROM (${rows}) WHERE id_type IS NOT NULL`;
}
