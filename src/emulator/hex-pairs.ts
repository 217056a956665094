/**
 * The byte value of two lowercase hex digits, by `first | second << 8` of their character codes; -1 for
 * any pair that is not two of 0-9 and a-f (TikTok wants lowercase). One lookup per byte of a digest
 * instead of one per hex digit; the table (128 KiB) stays in the CPU's cache while a body is checked.
 */
export const HEX_PAIR = new Int16Array(65_536).fill(-1);
const DIGITS = '0123456789abcdef';
for (let hi = 0; hi < 16; hi++)
  for (let lo = 0; lo < 16; lo++)
    HEX_PAIR[DIGITS.charCodeAt(hi) | (DIGITS.charCodeAt(lo) << 8)] = (hi << 4) | lo;
