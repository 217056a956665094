import { sha256Hex } from '../identity/index.js';

export interface EventIdInputs {
  emailSha256: string;
  phoneSha256?: string | undefined;
  event: string;
  /** Unix seconds. */
  eventTime: number;
}

/**
 * A 32-hex-character event id derived from the normalised identity, event name and time, so that sending
 * the same row again yields the same id and TikTok de-duplicates it. Hashed identifiers are used (not raw
 * ones) so a row carrying a plain email and one carrying its hash get the same id. The "v1" prefix lets a
 * future change of recipe avoid colliding with ids already sent.
 */
export function deriveEventId(inputs: EventIdInputs): string {
  const canonical = ['v1', inputs.emailSha256, inputs.phoneSha256 ?? '', inputs.event, inputs.eventTime].join(
    '|',
  );
  return sha256Hex(canonical).slice(0, 32);
}
