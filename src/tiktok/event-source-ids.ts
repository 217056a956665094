/**
 * The two kinds of id an Events API request names as its `event_source_id`: the pixel code of `web`
 * events and the offline event set id of `offline` events. Their shapes do not overlap (a pixel code has
 * letters, an event set id has none), which is what lets one setting, `event_set_id`, hold either and still
 * be checked against the event source.
 */

/** An example pixel code, for messages and help texts. */
export const PIXEL_CODE_EXAMPLE = 'CEMULATORPIXEL0000001';

/** An example offline event set id (the seed's), for messages and help texts. */
export const EVENT_SET_ID_EXAMPLE = '7654321098765432109';

/**
 * A pixel code: uppercase letters and digits, at least one letter, 6 to 40 characters. TikTok's codes are
 * uppercase (a lower-cased one names no pixel), and the letter tells them apart from event set ids.
 */
export const PIXEL_CODE_PATTERN = /^[0-9]*[A-Z][A-Z0-9]*$/;
export const PIXEL_CODE_MIN_LENGTH = 6;
export const PIXEL_CODE_MAX_LENGTH = 40;

/** True when `text` has the shape of a TikTok pixel code, e.g. CEMULATORPIXEL0000001. */
export function isPixelCode(text: string): boolean {
  return (
    text.length >= PIXEL_CODE_MIN_LENGTH &&
    text.length <= PIXEL_CODE_MAX_LENGTH &&
    PIXEL_CODE_PATTERN.test(text)
  );
}

/** True when `text` has the shape of an offline event set id: digits only, e.g. 7654321098765432109. */
export function isOfflineEventSetId(text: string): boolean {
  return /^\d+$/.test(text);
}
