import { hashIdentifier, phoneRegion } from '../identity/index.js';

/**
 * SHA-256 (lower-case hex) of an email or phone normalised as TikTok expects (email trimmed and
 * lower-cased; phone in E.164, national numbers read in `region`); a value that already is a SHA-256
 * hash passes through lower-cased. Null when the value is neither a valid identifier nor a hash.
 */
export function hashContact(type: 'EMAIL' | 'PHONE', text: string, region: string): string | null {
  const outcome = hashIdentifier(type, text, { defaultRegion: region });
  return outcome.kind === 'ok' ? outcome.hash : null;
}

/** True when phone numbers can be read with `region` as default (an ISO 3166 code the phone data knows). */
export function isKnownPhoneRegion(region: string): boolean {
  try {
    phoneRegion(region);
    return true;
  } catch {
    return false;
  }
}
