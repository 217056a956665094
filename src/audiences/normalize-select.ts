import type { IdType } from '../identity/index.js';
import { PHONE_COLUMNS, phoneDigitsSql, phoneVerdictSql } from './phone-sql.js';
import { sqlString } from '../sources/index.js';

/**
 * The SELECT that turns one row of raw identifier text per customer into (id_type, hash, rid) rows,
 * applying src/identity's rules inside DuckDB. Only ASCII values take the SQL paths: for them DuckDB's
 * lower() and a trim of the six ASCII spaces give exactly JavaScript's toLowerCase() and trim(). Every
 * other value, and every phone the SQL fast path declines, is left *pending* for identity's own
 * hashIdentifier (normalize-pending.ts), which runs afterwards on those rows only: calling JavaScript
 * from inside this query would hand a few rows of nearly every chunk to the JS thread and back.
 *
 * Besides the valid pairs (id_type = code, hash = 32 bytes) it emits bookkeeping rows that the caller
 * resolves, counts and deletes (all id_type >= {@link REJECTED_OFFSET}):
 *   100 + code  a rejected value (hash NULL)
 *   200 + code  a pending value (hash = the raw text's UTF-8 bytes)
 *   252 / 253   a row with pending values and a known valid value / known rejected values only
 *   254 / 255   a row without pending values whose given values were all rejected / with none given
 */

/** Fixed codes of the identifier types, as stored in snapshots. */
export const ID_TYPE_CODE = { EMAIL: 0, PHONE: 1, IDFA: 2, AAID: 3 } as const satisfies Record<
  IdType,
  number
>;
export const REJECTED_OFFSET = 100;
export const PENDING_OFFSET = 200;
export const ROW_PENDING_VALID = 252;
export const ROW_PENDING_REJECTED = 253;
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
/** The outcome text of a value left to JavaScript (a hex hash, '' or NULL can never be this). */
const PENDING = `'?'`;

/**
 * The outcome text of column `c`: the hex hash, '' when rejected, NULL when missing, '?' when
 * pending. Its layers' columns are r<c> (raw), a<c> (is ASCII), t<c> (trimmed), x<c> (is a SHA-256
 * hex), l<c> (trimmed and lower-cased); the phone column also has v (the fast path's verdict).
 */
function outcomeSql(type: IdType, c: number): string {
  const [r, a, t, x, l] = [`r${c}`, `a${c}`, `t${c}`, `x${c}`, `l${c}`];
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
    ${ascii} ELSE ${PENDING} END`;
}

const anyOf = (terms: string[]): string => (terms.length ? `(${terms.join(' OR ')})` : 'false');

/** The id_type of column `c`'s row: its code when valid, a bookkeeping code otherwise, NULL when missing. */
function codeSql(c: number): string {
  return `CASE WHEN o${c} = '' THEN ${REJECTED_OFFSET + c} WHEN o${c} = ${PENDING} THEN ${PENDING_OFFSET + c}
    WHEN o${c} IS NOT NULL THEN ${c} END`;
}

/**
 * SELECT id_type, hash, rid over `source` (a table whose rowid is the source row number).
 * @param columns the chosen types that have a column; chosen types without one are simply missing.
 * @param region upper-case default region for national phone numbers.
 * @param range only the source rows `from` <= rowid < `to` (a chunk of a pipelined sync); default all.
 */
export function normalizeSelectSql(
  source: string,
  columns: readonly TypedColumn[],
  region: string,
  range?: { from: number; to: number },
): string {
  const coded = columns.map((col) => ({ ...col, c: ID_TYPE_CODE[col.type] }));
  // trim() with a character list is slow; most values have nothing to trim, which ascii()/ord() see.
  const l1 = coded.map(
    ({ ref, c }) => `, ${ref} AS r${c}, strlen(${ref}) = length(${ref}) AS a${c},
      CASE WHEN strlen(${ref}) <> length(${ref}) THEN NULL
        WHEN ascii(${ref}) > 32 AND ord(${ref}[-1]) > 32 THEN ${ref} ELSE trim(${ref}, ${ASCII_SPACES}) END AS t${c}`,
  );
  const l2 = coded.map(
    ({ c }) =>
      `, CASE WHEN length(t${c}) = 64 THEN regexp_full_match(t${c}, ${HEX64}) ELSE false END AS x${c}, lower(t${c}) AS l${c}`,
  );
  // Each layer computes what the next reads once, instead of repeating the expression in every branch.
  const where = range ? ` WHERE rowid >= ${whole(range.from)} AND rowid < ${whole(range.to)}` : '';
  let rows = `SELECT *${l2.join('')} FROM (SELECT rowid AS rid${l1.join('')} FROM ${source}${where})`;
  const phone = coded.find((col) => col.type === 'PHONE');
  if (phone) {
    const { digits: d, plus: pl, rest } = PHONE_COLUMNS;
    const t = `t${phone.c}`;
    rows = `SELECT *, ${phoneDigitsSql(t)} AS ${d}, strpos(${t}, '+') > 0 AS ${pl} FROM (${rows})`;
    // National numbers after a 1-3 digit calling code; n1 also serves NANP's 1 + 10 digits.
    const tails = rest.map((n, i) =>
      i === 0 ? `substr(${d}, 2) AS ${n}` : `CASE WHEN ${pl} THEN substr(${d}, ${i + 2}) END AS ${n}`,
    );
    rows = `SELECT *, ${tails.join(', ')} FROM (${rows})`;
    rows = `SELECT *, ${phoneVerdictSql(region)} AS v FROM (${rows})`;
  }
  rows = `SELECT rid${coded.map(({ type, c }) => `, r${c}, ${outcomeSql(type, c)} AS o${c}`).join('')} FROM (${rows})`;

  const known = anyOf(coded.map(({ c }) => `(o${c} IS NOT NULL AND o${c} <> ${PENDING})`));
  const valid = anyOf(coded.map(({ c }) => `coalesce(o${c} <> '' AND o${c} <> ${PENDING}, false)`));
  const pending = anyOf(coded.map(({ c }) => `coalesce(o${c} = ${PENDING}, false)`));
  const codes = coded.map(({ c }) => codeSql(c));
  const hashes = coded.map(
    ({ c }) => `CASE WHEN o${c} = ${PENDING} THEN encode(r${c}) WHEN o${c} <> '' THEN unhex(o${c}) END`,
  );
  codes.push(`CASE WHEN ${pending} THEN (CASE WHEN ${valid} THEN ${ROW_PENDING_VALID}
      WHEN ${known} THEN ${ROW_PENDING_REJECTED} END)
    WHEN NOT ${known} THEN ${ROW_NONE_PRESENT} WHEN NOT ${valid} THEN ${ROW_NONE_VALID} END`);
  hashes.push('NULL::BLOB');
  rows = `SELECT rid, unnest([${codes.join(', ')}]::UTINYINT[]) AS id_type,
    unnest([${hashes.join(', ')}]) AS hash FROM (${rows})`;
  return `SELECT id_type, hash, rid FROM (${rows}) WHERE id_type IS NOT NULL`;
}

function whole(n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`bad row number ${n}`);
  return n;
}
