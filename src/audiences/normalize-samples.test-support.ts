import examples from 'libphonenumber-js/mobile/examples';
import { PHONE_METADATA } from '../identity/phone-rules.js';

/**
 * Deterministic messy identifiers for the tests that prove the SQL normalisation equals
 * src/identity's: the layouts real customer files hold, the junk they hold too, and the Unicode
 * corners where DuckDB and JavaScript could disagree (spaces JS trims, case mappings).
 */

/** One customer row as a source holds it; null is SQL NULL. */
export interface SampleRow {
  email: string | null;
  phone: string | null;
  idfa: string | null;
  aaid: string | null;
}

/** A small seeded generator (mulberry32) so that a failure reproduces. */
export function sampler(seed: number) {
  let a = seed;
  const random = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const digits = (n: number) => Array.from({ length: n }, () => String(int(10))).join('');
  const hex = (n: number) => Array.from({ length: n }, () => '0123456789abcdef'[int(16)]).join('');
  return { random, int, pick, digits, hex };
}
type Sampler = ReturnType<typeof sampler>;

// Leading/trailing text: ASCII spaces JS trims, Unicode spaces it trims (NBSP, em space, BOM, line
// separator), and characters it keeps (zero-width space, NUL-free controls, NEL).
const PADDING = [
  '',
  '',
  '',
  ' ',
  '  ',
  '\t',
  '\n',
  '\r\n',
  '\v',
  '\f',
  '\u00a0',
  '\u2003',
  '\ufeff',
  '\u2028',
];
const KEPT = ['\u200b', '\x01', '\u0085', '\x1f'];

const EMAILS = [
  'john.doe@example.com',
  'John.Doe+Promo@Example.COM',
  'a@b.co',
  'x_y-z@sub.domain.org',
  'Jöhn@Exämple.de',
  'ÄBC@X.DE',
  'İstanbul@Örnek.com.tr',
  'STRASSE@ẞ.DE',
  'ΟΔΟΣ@ΠΑΡΑΔΕΙΓΜΑ.GR',
  'user@xn--exmple-cua.com',
  'no-at-sign',
  'a@b',
  'a@@b.com',
  'a b@c.com',
  '@b.com',
  'a@.com',
  'a@b..com',
  'a@b.com.',
  'a@b.c\u00a0om',
  'user@exam\u200bple.com',
  'tab\tin@side.com',
  'vt\vin@side.com',
  'new\nline@side.com',
  'cr\r@side.com',
];

const NANP_AREAS = [
  '206',
  '212',
  '415',
  '613',
  '416',
  '787',
  '876',
  '809',
  '268',
  '242',
  '800',
  '900',
  '555',
];

function nanp(s: Sampler): string {
  const area = s.random() < 0.7 ? s.pick(NANP_AREAS) : s.digits(3);
  const exchange = s.random() < 0.8 ? String(2 + s.int(8)) + s.digits(2) : s.digits(3);
  const [line, roll] = [s.digits(4), s.random()];
  const body =
    roll < 0.9
      ? area + exchange + line
      : roll < 0.95
        ? area + exchange + line.slice(1)
        : area + exchange + line + '7';
  const [a, e, l] = [body.slice(0, 3), body.slice(3, 6), body.slice(6)];
  const sep = s.pick([' ', '-', '.', '', ' - ']);
  const core = s.random() < 0.3 ? `(${a}) ${e}-${l}` : [a, e, l].join(sep);
  const lead = s.pick([
    '',
    '',
    '',
    '1',
    '1 ',
    '1-',
    '+1 ',
    '+1',
    '+1-',
    '+1 (',
    '+',
    '(+1) ',
    '+11',
    '001 ',
    '011 1 ',
  ]);
  return lead + core;
}

const CALLING_CODE = new Map<string, string>();
for (const [code, ids] of Object.entries(PHONE_METADATA.country_calling_codes)) {
  for (const id of ids) CALLING_CODE.set(id, code);
}
const EXAMPLES = Object.entries(examples as Record<string, string>);

function foreign(s: Sampler): string {
  const [country, example] = s.pick(EXAMPLES);
  const code = CALLING_CODE.get(country) ?? '1';
  const roll = s.random();
  const keep = Math.max(1, example.length - 1 - s.int(4));
  const national =
    roll < 0.6
      ? example.slice(0, keep) + s.digits(example.length - keep)
      : roll < 0.7
        ? '0' + example
        : s.digits(2 + s.int(13));
  const grouped = (national.match(/.{1,3}/g) ?? [national]).join(s.pick([' ', '-', '.', '']));
  return s.pick([
    `+${code} ${grouped}`,
    `+${code}${grouped}`,
    `00${code} ${grouped}`,
    `0${national}`,
    national,
  ]);
}

const ODD_PHONES = [
  '206-555-0100 ext. 12',
  '(206) 555-0100 x12',
  '+1 206 555 0100 #123',
  '1-800-FLOWERS',
  'call me',
  'n/a',
  '-',
  '+44 (0)20 7946 0958',
  '011 44 20 7946 0958',
  '020 7946 0958',
  '030 1234567',
  '268 464 1234',
  '+800 1234 5678',
  '+0 123',
  '+',
  '++1 206 555 0100',
  '1+206 555 0100',
  '２０６５５５０１００',
  '٢٠٦٥٥٥٠١٠٠',
  '206\u00a0555\u00a00100',
  '206–555–0100',
  '2065550100.0',
  '2.0655501E9',
  '(((206))) 555--0100',
];

const MAIDS = [
  '00000000-0000-0000-0000-000000000000',
  'not-a-uuid',
  '6d92078a8246ac8c3fb4c7c8e1d1c5a8',
  '{6D92078A-8246-AC8C-3FB4-C7C8E1D1C5A8}',
];

function wrap(s: Sampler, value: string): string {
  const text = s.random() < 0.03 ? value + s.pick(KEPT) : value;
  return s.pick(PADDING) + text + s.pick(PADDING);
}

function recase(s: Sampler, value: string): string {
  const roll = s.random();
  return roll < 0.2 ? value.toUpperCase() : roll < 0.3 ? value.toLowerCase() : value;
}

/** A value missing in one of the ways files spell it, or undefined for a present value. */
function blank(s: Sampler): string | null | undefined {
  const roll = s.random();
  if (roll < 0.05) return null;
  if (roll < 0.08) return s.pick(['', ' ', '\t \n', '\u00a0', '\u3000\ufeff']);
  return undefined;
}

function email(s: Sampler, row: number): string | null {
  const missing = blank(s);
  if (missing !== undefined) return missing;
  const roll = s.random();
  if (roll < 0.05) return wrap(s, recase(s, s.hex(64)));
  if (roll < 0.07) return s.hex(s.pick([63, 65]));
  const base = roll < 0.5 ? `customer.${row}@example.com` : s.pick(EMAILS);
  return wrap(s, recase(s, base));
}

function phone(s: Sampler): string | null {
  const missing = blank(s);
  if (missing !== undefined) return missing;
  const roll = s.random();
  if (roll < 0.03) return wrap(s, recase(s, s.hex(64)));
  const value = roll < 0.55 ? nanp(s) : roll < 0.85 ? foreign(s) : s.pick(ODD_PHONES);
  return s.random() < 0.2 ? wrap(s, value) : value;
}

function maid(s: Sampler): string | null {
  const missing = blank(s);
  if (missing !== undefined) return missing;
  const roll = s.random();
  if (roll < 0.05) return wrap(s, s.hex(64));
  if (roll < 0.15) return wrap(s, s.pick(MAIDS));
  const uuid = [8, 4, 4, 4, 12].map((n) => s.hex(n)).join('-');
  return wrap(s, recase(s, roll < 0.2 ? uuid.slice(1) : uuid));
}

/** `count` messy rows, the same for the same seed. */
export function sampleRows(count: number, seed = 20240611): SampleRow[] {
  const s = sampler(seed);
  return Array.from({ length: count }, (_, row) => ({
    email: email(s, row),
    phone: phone(s),
    idfa: maid(s),
    aaid: s.random() < 0.5 ? null : maid(s),
  }));
}

/** Phone layouts alone (no blanks or hex), for proving the SQL fast path against phone-fast.ts. */
export function samplePhones(count: number, seed = 7): string[] {
  const s = sampler(seed);
  return Array.from({ length: count }, () => (s.random() < 0.55 ? nanp(s) : foreign(s)));
}
