import {
  callingCodeRule,
  countryOf,
  countryRule,
  isPossibleLength,
  isValidIn,
  type CountryRule,
} from './phone-rules.js';

/**
 * Fast phone normalisation for the formats that dominate real files, giving exactly what
 * libphonenumber-js (`parsePhoneNumberFromString(raw, region)?.isValid()` with the same metadata)
 * would give: `+<digits>` in any layout for any geographic calling code, and NANP national numbers
 * (10 digits, or 1 + 10 digits) for US-style default regions. It skips libphonenumber's text
 * extraction and per-call regex compilation and reuses its validity rules (see phone-rules.ts).
 * Whenever one of libphonenumber's rewriting steps (IDD or national-prefix stripping, carrier
 * codes, extensions, odd characters) could apply, it declines and the caller uses libphonenumber.
 * phone-fast.test.ts proves the equivalence on generated numbers.
 */

/** A default region prepared for the fast path. */
export interface FastRegion {
  readonly rule: CountryRule;
  /** True when national numbers of this region can take the NANP fast path. */
  readonly nanpNational: boolean;
}

const NANP = callingCodeRule('1');

/** Prepares a region for {@link fastE164}; undefined when libphonenumber does not know it. */
export function fastRegion(region: string): FastRegion | undefined {
  const rule = countryRule(region);
  if (!rule) return undefined;
  // Regions whose national prefix for parsing is exactly "1" strip it and nothing else (US, CA,
  // PR, ...). The others (AG, BS, ...) prepend their area code to 7-digit numbers: not fast.
  const nanpNational =
    rule.callingCode === '1' && rule.nationalPrefixForParsing === '1' && !rule.nationalPrefixTransformRule;
  return { rule, nanpNational };
}

const MAX_INPUT_LENGTH = 64;
const MAX_NATIONAL_LENGTH = 17;

/**
 * E.164 form of `raw` if valid, `null` if libphonenumber would reject it, or `undefined` when the
 * input is outside the fast path (then ask libphonenumber).
 */
export function fastE164(raw: string, region: FastRegion): string | null | undefined {
  const length = raw.length;
  if (length > MAX_INPUT_LENGTH) return undefined;
  let digits = '';
  let plus = false;
  for (let i = 0; i < length; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      digits += raw[i];
    } else if (c === 43) {
      // Only one plus, before any digit; anything else makes the number "not viable" or different.
      if (plus || digits.length > 0) return undefined;
      plus = true;
    } else if (c !== 32 && c !== 45 && c !== 46 && c !== 40 && c !== 41) {
      // Not space - . ( ): letters may be an extension or a vanity number, leave to libphonenumber.
      return undefined;
    }
  }
  return plus ? international(digits) : national(digits, region);
}

function international(digits: string): string | null | undefined {
  if (digits.length < 3 || digits.charCodeAt(0) === 48) return undefined;
  for (let size = 1; size <= 3 && size < digits.length; size++) {
    const code = callingCodeRule(digits.slice(0, size));
    if (code === undefined) continue;
    if (code === null) return undefined;
    const national = digits.slice(size);
    if (national.length < 2 || national.length > MAX_NATIONAL_LENGTH) return undefined;
    // libphonenumber would try to strip a national prefix here, sometimes successfully.
    if (code.prefixForParsing?.test(national)) return undefined;
    return isValidIn(code, national, code.main) ? `+${code.callingCode}${national}` : null;
  }
  return undefined;
}

function national(digits: string, region: FastRegion): string | null | undefined {
  if (!region.nanpNational || !NANP) return undefined;
  const { rule } = region;
  const first = digits.charCodeAt(0);
  let nationalNumber: string;
  if (digits.length === 10 && first >= 50) {
    nationalNumber = digits;
  } else if (digits.length === 11 && first === 49 && digits.charCodeAt(1) >= 50) {
    nationalNumber = digits.slice(1);
    // Mirrors extractNationalNumber(): the leading 1 is only dropped when that leaves a number
    // of possible length and does not turn a matching pattern into a non-matching one.
    const kept = rule.nationalPattern.test(digits) && !rule.nationalPattern.test(nationalNumber);
    const owner = countryOf(NANP, nationalNumber) ?? rule;
    if (kept || !isPossibleLength(owner, nationalNumber.length)) return undefined;
  } else {
    return undefined;
  }
  if (rule.iddPrefix.test(digits)) return undefined;
  return isValidIn(NANP, nationalNumber, rule) ? `+1${nationalNumber}` : null;
}
