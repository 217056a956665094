import { HEX_PAIR } from './hex-pairs.js';
import type { IdType } from './types.js';

/** 32-bit words kept per cell: a SHA-256 digest fills 8, an MD5 digest the first 4. */
export const WORDS_PER_CELL = 8;

/**
 * A checked `segment/mapping/` batch in compact form: digests as binary words rather than strings, and
 * each cell's audiences as an index into a few distinct lists (a batch usually names one audience).
 */
export interface MappingBatch {
  schema: IdType[];
  rows: number;
  /** Per cell (`row * schema.length + column`): index into `audienceLists`, or -1 for an empty cell. */
  listOf: Int32Array;
  audienceLists: string[][];
  /** Per cell, `WORDS_PER_CELL` words: the digest's bytes read as little-endian 32-bit words. */
  words: Uint32Array;
}

/** Hex digit values by character code; -1 for anything but 0-9 and lowercase a-f (TikTok wants lowercase). */
const NIBBLE = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) NIBBLE[0x30 + i] = i;
for (let i = 0; i < 6; i++) NIBBLE[0x61 + i] = 10 + i;

/**
 * Decodes `hexLength` lowercase hex digits of `bytes` at `start` into `words` at `out`; false (words left
 * partly written) when a character is not a lowercase hex digit. No string is built.
 */
export function decodeHexBytes(
  bytes: Uint8Array,
  start: number,
  hexLength: number,
  words: Uint32Array,
  out: number,
): boolean {
  for (let w = 0, p = start; w < hexLength >> 3; w++) {
    let word = 0;
    for (let k = 0; k < 32; k += 8, p += 2) {
      const byte = HEX_PAIR[bytes[p]! | (bytes[p + 1]! << 8)]!;
      if (byte < 0) return false;
      word |= byte << k;
    }
    words[out + w] = word;
  }
  return true;
}

/** The same for a string (ids checked on the general path); false unless it is lowercase hex of the length. */
export function decodeHexString(hex: string, hexLength: number, words: Uint32Array, out: number): boolean {
  if (hex.length !== hexLength) return false;
  for (let w = 0, p = 0; w < hexLength >> 3; w++) {
    let word = 0;
    for (let k = 0; k < 32; k += 8, p += 2) {
      const hi = NIBBLE[hex.charCodeAt(p) & 0xff]!;
      const lo = NIBBLE[hex.charCodeAt(p + 1) & 0xff]!;
      if ((hi | lo) < 0 || hex.charCodeAt(p) > 0xff || hex.charCodeAt(p + 1) > 0xff) return false;
      word |= ((hi << 4) | lo) << k;
    }
    words[out + w] = word;
  }
  return true;
}

/** A one-column batch adding already checked digests of one type to one audience (seed and state files). */
export function batchOfIds(
  type: IdType,
  hexLength: number,
  ids: readonly string[],
  audienceId: string,
): MappingBatch {
  const words = new Uint32Array(ids.length * WORDS_PER_CELL);
  const listOf = new Int32Array(ids.length);
  ids.forEach((id, i) => {
    if (!decodeHexString(id, hexLength, words, i * WORDS_PER_CELL)) throw new Error(`not a digest: ${id}`);
  });
  return { schema: [type], rows: ids.length, listOf, audienceLists: [[audienceId]], words };
}
