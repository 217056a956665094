import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/core';
import { fastE164, fastRegion, type FastRegion } from './phone-fast.js';
import { PHONE_METADATA } from './phone-rules.js';
import { PHONE_INVALID, type Rejection } from './types.js';

/**
 * A default region checked and prepared once, so that normalising millions of numbers does not
 * look it up each time. Build it with {@link phoneRegion}.
 */
export interface PhoneRegion {
  readonly code: string;
  readonly fast: FastRegion;
}

const regions = new Map<string, PhoneRegion>();

/**
 * Checks and prepares a default region (ISO 3166-1 alpha-2, any case) for {@link normalizePhone}.
 * @throws Error when libphonenumber does not know the region.
 */
export function phoneRegion(region: string): PhoneRegion {
  const code = region.trim().toUpperCase();
  let prepared = regions.get(code);
  if (!prepared) {
    const fast = fastRegion(code);
    if (!fast)
      throw new Error(`Unknown phone region "${region}": expected an ISO 3166-1 alpha-2 code such as US`);
    prepared = { code, fast };
    regions.set(code, prepared);
  }
  return prepared;
}

/** libphonenumber-js on its own: the reference the fast path must agree with. */
export function libphonenumberE164(raw: string, region: PhoneRegion): string | null {
  const parsed = parsePhoneNumberFromString(
    raw,
    { defaultCountry: region.code as CountryCode },
    PHONE_METADATA,
  );
  // isValid(), not isPossible(): with the `min` metadata it adds the national number pattern
  // (and real area codes for +1) to the length check, which drops most junk such as 555-5555
  // fillers or 0000000000, while the loose patterns rarely reject a real, newly issued number.
  return parsed?.isValid() ? parsed.number : null;
}

function toE164(raw: string, region: PhoneRegion): string | null {
  const fast = fastE164(raw, region.fast);
  return fast === undefined ? libphonenumberE164(raw, region) : fast;
}

// Dialled international prefixes people type in front of a country code: 00 (most of the world)
// and 011 (NANP). libphonenumber only strips the default region's own prefix.
const DIALLED_PREFIX = /^\s*(?:00|011)(?=[\s\d().-])/;

/**
 * Normalises a phone number to E.164 (`+` and digits, country code included) as TikTok hashes it.
 * National numbers take `region`'s country code; `+`, `00` and `011` prefixes, spaces, dashes,
 * dots, parentheses and extensions ("ext. 12", "x12": dropped) are understood. Numbers that
 * libphonenumber-js does not consider valid are rejected with `phone_invalid`.
 * @param region a region from {@link phoneRegion}, or its code (checked each call: slower).
 */
export function normalizePhone(raw: string, region: PhoneRegion | string): string | Rejection {
  const prepared = typeof region === 'string' ? phoneRegion(region) : region;
  const e164 = toE164(raw, prepared);
  if (e164 !== null) return e164;
  // Only when the number is invalid as written: "001 206 555 0100" with region US is read as
  // +1 206 555 0100, while a valid national number starting 011 (Sheffield, Sapporo) stays one.
  const dialled = DIALLED_PREFIX.exec(raw);
  if (dialled) {
    const retried = toE164(`+${raw.slice(dialled[0].length)}`, prepared);
    if (retried !== null) return retried;
  }
  return PHONE_INVALID;
}
