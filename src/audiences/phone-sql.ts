import { fastRegion } from '../identity/phone-fast.js';
import {
  PHONE_METADATA,
  callingCodeRule,
  countryRule,
  isPossibleLength,
  type CallingCodeRule,
  type CountryRule,
} from '../identity/phone-rules.js';
import { sqlString } from '../sources/index.js';

/**
 * DuckDB SQL twin of src/identity/phone-fast.ts: the same decisions, evaluated per row inside DuckDB
 * with the same libphonenumber-js metadata patterns (RE2 evaluates them: they use no look-arounds or
 * back-references, so a full match means the same thing as in JavaScript). Every pattern is a
 * constant in the generated text, so DuckDB compiles each once per query, not once per row.
 *
 * Column names the expressions refer to (see {@link PHONE_COLUMNS}):
 *   d   the digits of a value inside the fast path's alphabet (NULL outside it)
 *   pl  true when that value had a '+' (before any digit, as the alphabet check guarantees)
 *   n1, n2, n3  d without its first 1, 2 or 3 digits (a national number after a calling code)
 * The verdict is the E.164 text, '' when libphonenumber would call the number invalid, or NULL
 * when phone-fast.ts would decline (the caller then asks identity's normalizePhone).
 */

/** Characters phone-fast.ts accepts: one '+' before any digit, digits, space - . ( ). */
const FAST_SHAPE = '[ ().-]*\\+?[0-9 ().-]*';
/** phone-fast.ts leaves longer inputs to libphonenumber. */
const MAX_INPUT_LENGTH = 64;
const MAX_NATIONAL_LENGTH = 17;

/** The column names the verdict expression reads. */
export const PHONE_COLUMNS = { digits: 'd', plus: 'pl', rest: ['n1', 'n2', 'n3'] } as const;

/**
 * `d` for a trimmed ASCII value `t`: its digits when it is in the fast path's alphabet, else NULL
 * (translate() deletes the other characters of that alphabet, at half the cost of regexp_replace).
 */
export function phoneDigitsSql(t: string): string {
  return `CASE WHEN length(${t}) <= ${MAX_INPUT_LENGTH} AND regexp_full_match(${t}, ${sqlString(FAST_SHAPE)})
    THEN translate(${t}, ' ().-+', '') END`;
}

const full = (value: string, pattern: RegExp): string =>
  `regexp_full_match(${value}, ${sqlString(pattern.source)})`;
/**
 * Prefix patterns are compiled as ^(?:...) without $: a search of them is a match at the start. Most
 * (IDD prefixes, NANP area codes) are plain digit alternatives, for which starts_with is much cheaper.
 */
function starts(value: string, pattern: RegExp): string {
  const literal = /^\^\(\?:(\d+(?:\|\d+)*)\)$/.exec(pattern.source);
  if (!literal?.[1]) return `regexp_matches(${value}, ${sqlString(pattern.source)})`;
  return `(${literal[1]
    .split('|')
    .map((digits) => `starts_with(${value}, '${digits}')`)
    .join(' OR ')})`;
}

/** Mirror of hasNumberType() in phone-rules.ts. */
function hasNumberType(country: CountryRule, n: string): string {
  if (!country.types || country.types.length === 0) return 'false';
  const types = country.types.map((type) => {
    // list_contains, not IN: DuckDB plans a long IN list as a join evaluated for every row.
    const lengths = type.lengths ? `list_contains([${type.lengths.join(', ')}], length(${n})) AND ` : '';
    return `(${lengths}${full(n, type.pattern)})`;
  });
  return `(${full(n, country.nationalPattern)} AND (${types.join(' OR ')}))`;
}

/** Mirror of isValidFor(). */
function isValidFor(plan: CountryRule, n: string): string {
  return plan.types ? hasNumberType(plan, n) : full(n, plan.nationalPattern);
}

/** Mirror of isValidIn(): which country of the calling code claims `n`, and is it valid there. */
function isValidIn(code: CallingCodeRule, n: string, fallback: CountryRule): string {
  if (code.countries.length === 1) return isValidFor(code.main, n);
  const branches = code.countries.map((country) =>
    country.leadingDigits
      ? `WHEN ${starts(n, country.leadingDigits)} THEN ${isValidFor(country, n)}`
      : `WHEN ${hasNumberType(country, n)} THEN true`,
  );
  return `(CASE ${branches.join('\n ')} ELSE ${isValidFor(fallback, n)} END)`;
}

/** Mirror of international(): the calling code is the shortest known prefix of the digits. */
function internationalSql(): string {
  const { digits: d } = PHONE_COLUMNS;
  const codes = Object.keys(PHONE_METADATA.country_calling_codes).sort(
    (a, b) => a.length - b.length || a.localeCompare(b),
  );
  const branches: string[] = [];
  for (const code of codes) {
    const size = code.length;
    const n = PHONE_COLUMNS.rest[size - 1];
    const rule = callingCodeRule(code);
    if (n === undefined || rule === undefined) continue;
    const when = `WHEN starts_with(${d}, '${code}') THEN`;
    if (rule === null) {
      branches.push(`${when} NULL`);
      continue;
    }
    const prefix = rule.prefixForParsing ? `WHEN ${starts(n, rule.prefixForParsing)} THEN NULL ` : '';
    branches.push(
      `${when} CASE WHEN length(${n}) < 2 OR length(${n}) > ${MAX_NATIONAL_LENGTH} THEN NULL ${prefix}` +
        `WHEN ${isValidIn(rule, n, rule.main)} THEN '+' || ${d} ELSE '' END`,
    );
  }
  return `CASE WHEN length(${d}) < 3 OR starts_with(${d}, '0') THEN NULL
 ${branches.join('\n ')}
 ELSE NULL END`;
}

/** Mirror of national(): NANP national numbers for regions whose national prefix is exactly "1". */
function nationalSql(region: string): string {
  const fast = fastRegion(region);
  const nanp = callingCodeRule('1');
  if (!fast?.nanpNational || !nanp) return 'NULL';
  const { rule } = fast;
  const { digits: d } = PHONE_COLUMNS;
  const n1 = PHONE_COLUMNS.rest[0];
  const idd = starts(d, rule.iddPrefix);
  const ten = `CASE WHEN ${idd} THEN NULL WHEN ${isValidIn(nanp, d, rule)} THEN '+1' || ${d} ELSE '' END`;
  // phone-fast.ts also declines when the owner country cannot have 10 digits; with today's metadata
  // every NANP plan can, which this checks when the SQL is generated rather than per row.
  const possible = [rule, ...nanp.countries].every((plan) => isPossibleLength(plan, 10));
  const eleven = possible
    ? `CASE WHEN ${full(d, rule.nationalPattern)} AND NOT ${full(n1, rule.nationalPattern)} THEN NULL
        WHEN ${idd} THEN NULL WHEN ${isValidIn(nanp, n1, rule)} THEN '+1' || ${n1} ELSE '' END`
    : 'NULL';
  return `CASE WHEN length(${d}) = 10 AND ${d} >= '2' THEN ${ten}
    WHEN length(${d}) = 11 AND ${d} >= '12' AND ${d} < '2' THEN ${eleven}
    ELSE NULL END`;
}

const verdicts = new Map<string, string>();

/**
 * The verdict for the columns of {@link PHONE_COLUMNS} with default region `region` (upper-case
 * ISO 3166-1 alpha-2): E.164 text, '' for invalid, NULL for "ask libphonenumber".
 * @throws Error for a region libphonenumber does not know.
 */
export function phoneVerdictSql(region: string): string {
  let sql = verdicts.get(region);
  if (sql === undefined) {
    if (!countryRule(region)) throw new Error(`Unknown phone region "${region}"`);
    sql = `CASE WHEN ${PHONE_COLUMNS.digits} IS NULL THEN NULL
      WHEN ${PHONE_COLUMNS.plus} THEN (${internationalSql()})
      ELSE (${nationalSql(region)}) END`;
    verdicts.set(region, sql);
  }
  return sql;
}
