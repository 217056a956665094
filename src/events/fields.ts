import { isIP } from 'node:net';

/** Marks an input cell that cannot be read as text at all (an object, an array, a boolean, an invalid Date). */
export const NOT_TEXT = Symbol('not text');

/**
 * Reads an input cell as trimmed text. Files give strings; database drivers may give numbers, bigints or
 * Dates, which are turned into their usual text. Null, undefined and blank cells are absent (undefined).
 */
export function cellText(value: unknown): string | undefined | typeof NOT_TEXT {
  if (value === null || value === undefined) return undefined;
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'bigint') text = String(value);
  else if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return NOT_TEXT;
    text = value.toISOString();
  } else return NOT_TEXT;
  text = text.trim();
  return text === '' ? undefined : text;
}

const DECIMAL = /^[+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/** A finite number >= 0 written in plain decimal (no thousands separators, no hex), else null. */
export function parseNonNegative(text: string): number | null {
  if (!DECIMAL.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/** A whole number >= 1 ("2" or "2.0"), else null. */
export function parsePositiveInteger(text: string): number | null {
  const n = parseNonNegative(text);
  return n !== null && Number.isSafeInteger(n) && n >= 1 ? n : null;
}

let currencies: ReadonlySet<string> | undefined;

/** The upper-cased ISO 4217 code when `text` is one this runtime knows, else null. */
export function parseCurrency(text: string): string | null {
  currencies ??= new Set(Intl.supportedValuesOf('currency'));
  const code = text.toUpperCase();
  return currencies.has(code) ? code : null;
}

/** The address as given when it is IPv4 or IPv6 (full or compressed), else null. */
export function parseIp(text: string): string | null {
  return isIP(text) === 0 ? null : text;
}

const lookups = new WeakMap<readonly string[], Map<string, string>>();

/** The canonical spelling from `allowed` that matches `text` ignoring case, else null. */
export function matchIgnoringCase<T extends string>(text: string, allowed: readonly T[]): T | null {
  // Built once per vocabulary: this runs for several columns of every row.
  let lookup = lookups.get(allowed);
  if (!lookup) {
    lookup = new Map(allowed.flatMap((c) => [[c.toLowerCase(), c] as const, [c, c] as const]));
    lookups.set(allowed, lookup);
  }
  return (lookup.get(text) as T | undefined) ?? (lookup.get(text.toLowerCase()) as T | undefined) ?? null;
}
