import examples from 'libphonenumber-js/mobile/examples';
import { describe, expect, it } from 'vitest';
import { fastE164 } from './phone-fast.js';
import { PHONE_METADATA } from './phone-rules.js';
import { libphonenumberE164, phoneRegion } from './phone.js';

// Deterministic generator so a failure reproduces (mulberry32).
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(20240611);
const int = (n: number) => Math.floor(random() * n);
const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
const digits = (n: number) => Array.from({ length: n }, () => String(int(10))).join('');

const REAL_AREA_CODES = [
  '206',
  '212',
  '415',
  '613',
  '416',
  '604',
  '787',
  '876',
  '809',
  '268',
  '242',
  '800',
  '888',
  '900',
];
const SEPARATORS = [' ', '-', '.', '', ' - '];

function nanpBody(): string {
  const area = random() < 0.6 ? pick(REAL_AREA_CODES) : digits(3);
  const exchange = random() < 0.8 ? String(2 + int(8)) + digits(2) : digits(3);
  const ten = area + exchange + digits(4);
  // Mostly ten digits; sometimes one too few or too many.
  const roll = random();
  return roll < 0.9 ? ten : roll < 0.95 ? ten.slice(0, 9) : ten + digits(1);
}

function layoutNanp(body: string): string {
  const [a, e, l] = [body.slice(0, 3), body.slice(3, 6), body.slice(6)];
  const sep = pick(SEPARATORS);
  const core = random() < 0.3 ? `(${a}) ${e}-${l}` : [a, e, l].join(sep);
  const lead = pick(['', '', '1', '1 ', '1-', '+1 ', '+1', '+1-', '+1 (', '+', '(+1) ', '+11']);
  const text = lead + core;
  return random() < 0.2 ? `  ${text} ` : text;
}

const COUNTRIES = Object.keys(PHONE_METADATA.countries);
const callingCodeOf = new Map<string, string>();
for (const [code, ids] of Object.entries(PHONE_METADATA.country_calling_codes)) {
  for (const id of ids) callingCodeOf.set(id, code);
}

function international(): string {
  const country = pick(COUNTRIES);
  const code = callingCodeOf.get(country) ?? '1';
  const example = (examples as Record<string, string | undefined>)[country];
  let national: string;
  const roll = random();
  if (example && roll < 0.6) {
    // A real-looking number with its last digits changed: valid and invalid neighbours.
    const keep = Math.max(1, example.length - 1 - int(4));
    national = example.slice(0, keep) + digits(example.length - keep);
  } else if (example && roll < 0.7) {
    national = '0' + example; // national prefix typed after the country code
  } else {
    national = digits(2 + int(13));
  }
  const groups = national.match(/.{1,3}/g) ?? [national];
  return `+${code}${pick(SEPARATORS)}${groups.join(pick(SEPARATORS))}`;
}

const REGIONS = ['US', 'US', 'US', 'CA', 'PR', 'JM', 'AG', 'GB', 'DE', 'FR', 'IN', 'BR', 'AU', 'MX'];

describe('phone fast path', () => {
  it('gives exactly libphonenumber-js results on 200k generated numbers', () => {
    let handled = 0;
    let valid = 0;
    let invalid = 0;
    const mismatches: string[] = [];
    for (let i = 0; i < 200_000; i++) {
      const region = phoneRegion(pick(REGIONS));
      const raw = random() < 0.55 ? layoutNanp(nanpBody()) : international();
      const fast = fastE164(raw, region.fast);
      if (fast === undefined) continue;
      handled++;
      if (fast === null) invalid++;
      else valid++;
      const reference = libphonenumberE164(raw, region);
      if (fast !== reference && mismatches.length < 20) {
        mismatches.push(`${JSON.stringify(raw)} ${region.code}: fast ${fast} lib ${reference}`);
      }
    }
    expect(mismatches).toEqual([]);
    // The proof only means something if the fast path really covers a large, mixed share.
    expect(handled).toBeGreaterThan(120_000);
    expect(valid).toBeGreaterThan(40_000);
    expect(invalid).toBeGreaterThan(20_000);
  });

  it('takes the common US layouts and E.164 of other countries without libphonenumber', () => {
    const us = phoneRegion('US').fast;
    for (const raw of [
      '(206) 555-0100',
      '206.555.0100',
      '206-555-0100',
      '1 206 555 0100',
      '+1 206 555 0100',
    ]) {
      expect(fastE164(raw, us)).toBe('+12065550100');
    }
    expect(fastE164('+44 20 7946 0958', us)).toBe('+442079460958');
    expect(fastE164('+1 555 555 5555', us)).toBeNull();
  });

  it('declines what libphonenumber rewrites or reads specially', () => {
    const us = phoneRegion('US').fast;
    const gb = phoneRegion('GB').fast;
    expect(fastE164('+12065550100 ext 5', us)).toBeUndefined(); // extension
    expect(fastE164('011 44 20 7946 0958', us)).toBeUndefined(); // IDD prefix
    expect(fastE164('+44 (0)20 7946 0958', us)).toBeUndefined(); // national prefix after the code
    expect(fastE164('020 7946 0958', gb)).toBeUndefined(); // national number outside NANP
    expect(fastE164('268 464 1234', phoneRegion('AG').fast)).toBeUndefined(); // area code rewriting
    expect(fastE164('+800 1234 5678', us)).toBeUndefined(); // non-geographic
  });
});
