import { phoneRegion } from '../identity/index.js';

/** True when phone numbers can be read with `region` as default (an ISO 3166 code the phone data knows). */
export function isKnownPhoneRegion(region: string): boolean {
  try {
    phoneRegion(region);
    return true;
  } catch {
    return false;
  }
}
