import { Metadata, type MetadataJson } from 'libphonenumber-js/core';
import metadataJson from 'libphonenumber-js/min/metadata';

/**
 * The phone metadata both the fast path and libphonenumber use. It is the `min` set: `isValid()`
 * then checks the number's length and national number pattern (and, for calling codes shared by
 * several countries such as +1, the per-type patterns, e.g. real NANP area codes) but not the
 * exact allocated ranges of the `max` set, which go stale and would drop real customers.
 */
export const PHONE_METADATA: MetadataJson = metadataJson;

// libphonenumber-js's numbering-plan accessors exist at run time but are not in its typings.
interface PlanType {
  pattern(): string;
  possibleLengths(): number[] | undefined;
}
interface Plan {
  callingCode(): string;
  nationalNumberPattern(): string;
  possibleLengths(): number[] | undefined;
  nationalPrefixForParsing(): string | undefined;
  nationalPrefixTransformRule(): string | undefined;
  leadingDigits(): string | undefined;
  IDDPrefix(): string;
  hasTypes(): boolean;
  type(name: string): PlanType | undefined;
}

// getNumberType() tries these; any match makes the number valid, so their order is irrelevant.
const TYPE_NAMES = ['FIXED_LINE', 'MOBILE', 'TOLL_FREE', 'PREMIUM_RATE', 'PERSONAL_NUMBER'].concat([
  'VOICEMAIL',
  'UAN',
  'PAGER',
  'VOIP',
  'SHARED_COST',
]);

interface TypeRule {
  readonly pattern: RegExp;
  readonly lengths: readonly number[] | undefined;
}

/** One country's numbering plan, with its patterns compiled once. */
export interface CountryRule {
  readonly id: string;
  readonly callingCode: string;
  /** `^(?:pattern)$`, as libphonenumber's matchesEntirely() builds it. */
  readonly nationalPattern: RegExp;
  readonly possibleLengths: readonly number[] | undefined;
  /** Only present for countries that share a calling code. */
  readonly leadingDigits: RegExp | undefined;
  /** Undefined when the metadata has no type patterns for the country (hasTypes() false). */
  readonly types: readonly TypeRule[] | undefined;
  readonly iddPrefix: RegExp;
  readonly nationalPrefixForParsing: string | undefined;
  readonly nationalPrefixTransformRule: string | undefined;
}

/** A calling code with the countries sharing it, in libphonenumber's order (main country first). */
export interface CallingCodeRule {
  readonly callingCode: string;
  readonly countries: readonly CountryRule[];
  /** The plan libphonenumber selects by calling code alone. */
  readonly main: CountryRule;
  /** `^(?:national prefix for parsing)` of the main plan; undefined when there is none. */
  readonly prefixForParsing: RegExp | undefined;
}

const anchored = (pattern: string) => new RegExp(`^(?:${pattern})$`);

function compileCountry(id: string, plan: Plan): CountryRule {
  const types: TypeRule[] = [];
  if (plan.hasTypes()) {
    for (const name of TYPE_NAMES) {
      const type = plan.type(name);
      // An empty pattern means "same as fixed line" and never matches on its own.
      if (type?.pattern()) types.push({ pattern: anchored(type.pattern()), lengths: type.possibleLengths() });
    }
  }
  const leading = plan.leadingDigits();
  return {
    id,
    callingCode: plan.callingCode(),
    nationalPattern: anchored(plan.nationalNumberPattern()),
    possibleLengths: plan.possibleLengths(),
    leadingDigits: leading ? new RegExp(`^(?:${leading})`) : undefined,
    types: plan.hasTypes() ? types : undefined,
    iddPrefix: new RegExp(`^(?:${plan.IDDPrefix()})`),
    nationalPrefixForParsing: plan.nationalPrefixForParsing() || undefined,
    nationalPrefixTransformRule: plan.nationalPrefixTransformRule() || undefined,
  };
}

function buildRules() {
  const metadata = new Metadata(PHONE_METADATA) as unknown as { numberingPlan: Plan };
  const select = (metadata as unknown as { selectNumberingPlan(key: string): void }).selectNumberingPlan.bind(
    metadata,
  );
  const countries = new Map<string, CountryRule>();
  for (const id of Object.keys(PHONE_METADATA.countries)) {
    select(id);
    countries.set(id, compileCountry(id, metadata.numberingPlan));
  }
  const callingCodes = new Map<string, CallingCodeRule | null>();
  for (const [code, ids] of Object.entries(PHONE_METADATA.country_calling_codes)) {
    const members = ids.map((id) => countries.get(id)).filter((c): c is CountryRule => c !== undefined);
    const main = members[0];
    if (!main || members.length !== ids.length) {
      // Not a layout this mirror understands: leave the whole calling code to libphonenumber.
      callingCodes.set(code, null);
      continue;
    }
    select(code);
    const prefix = metadata.numberingPlan.nationalPrefixForParsing();
    callingCodes.set(code, {
      callingCode: code,
      countries: members,
      main,
      prefixForParsing: prefix ? new RegExp(`^(?:${prefix})`) : undefined,
    });
  }
  // Non-geographic codes (+800, +882...) are known to libphonenumber but left to it entirely.
  for (const code of Object.keys(PHONE_METADATA.nonGeographic ?? {})) callingCodes.set(code, null);
  return { countries, callingCodes };
}

const RULES = buildRules();

/** The compiled rule of a region (ISO 3166-1 alpha-2, upper case), or undefined if unknown. */
export function countryRule(region: string): CountryRule | undefined {
  return RULES.countries.get(region);
}

/**
 * The rule of a calling code; `null` for a code libphonenumber knows but the fast path does not
 * handle (non-geographic), `undefined` for a code that does not exist.
 */
export function callingCodeRule(code: string): CallingCodeRule | null | undefined {
  return RULES.callingCodes.get(code);
}

/** Mirror of libphonenumber's getNumberType(...) !== undefined. */
function hasNumberType(country: CountryRule, national: string): boolean {
  if (!country.types || !country.nationalPattern.test(national)) return false;
  for (const type of country.types) {
    if (type.lengths && !type.lengths.includes(national.length)) continue;
    if (type.pattern.test(national)) return true;
  }
  return false;
}

/** Mirror of libphonenumber's getCountryByCallingCode(): which country a national number belongs to. */
export function countryOf(code: CallingCodeRule, national: string): CountryRule | undefined {
  if (code.countries.length === 1) return code.main;
  for (const country of code.countries) {
    if (country.leadingDigits) {
      if (country.leadingDigits.test(national)) return country;
    } else if (hasNumberType(country, national)) {
      return country;
    }
  }
  return undefined;
}

/**
 * Mirror of parsing then isValid(): attributes the national number to a country of the calling
 * code (falling back to `fallback`, libphonenumber's plan when no country claims it) and validates
 * it there. Same answer as isValidFor(countryOf(code, national) ?? fallback, national), without
 * testing the type patterns twice for the common case.
 */
export function isValidIn(code: CallingCodeRule, national: string, fallback: CountryRule): boolean {
  if (code.countries.length === 1) return isValidFor(code.main, national);
  for (const country of code.countries) {
    if (country.leadingDigits) {
      if (country.leadingDigits.test(national)) return isValidFor(country, national);
    } else if (hasNumberType(country, national)) {
      // A country only claims a number through its type patterns, which is its validity test.
      return true;
    }
  }
  return isValidFor(fallback, national);
}

/** Mirror of libphonenumber's isValidNumber() for a number already attributed to `plan`. */
export function isValidFor(plan: CountryRule, national: string): boolean {
  return plan.types ? hasNumberType(plan, national) : plan.nationalPattern.test(national);
}

/** Mirror of checkNumberLength(): false only for the outcomes TOO_SHORT and INVALID_LENGTH. */
export function isPossibleLength(plan: CountryRule, length: number): boolean {
  const lengths = plan.possibleLengths;
  if (!lengths) return true;
  const min = lengths[0];
  const max = lengths[lengths.length - 1];
  if (min === undefined || max === undefined) return false;
  return length === min || length > max || (length > min && lengths.includes(length));
}
