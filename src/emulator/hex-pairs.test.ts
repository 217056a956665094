import { describe, expect, it } from 'vitest';
import { HEX_PAIR } from './hex-pairs.js';
import { decodeHexBytes } from './mapping-batch.js';

describe('HEX_PAIR', () => {
  it('gives the byte of two lowercase hex digits, and -1 for every other pair of bytes', () => {
    const wrong: number[] = [];
    for (let a = 0; a < 256; a++)
      for (let b = 0; b < 256; b++) {
        const text = String.fromCharCode(a, b);
        const expected = /^[0-9a-f]{2}$/.test(text) ? parseInt(text, 16) : -1;
        if (HEX_PAIR[a | (b << 8)] !== expected) wrong.push(a | (b << 8));
      }
    expect(wrong).toEqual([]);
  });

  it('decodes digests as little-endian words and refuses any byte that is not lowercase hex', () => {
    const hex = '00ff10a0' + 'deadbeef'.repeat(7);
    const words = new Uint32Array(8);
    expect(decodeHexBytes(Buffer.from(hex), 0, 64, words, 0)).toBe(true);
    expect(Buffer.from(words.buffer).toString('hex')).toBe(hex);
    for (const bad of ['G', 'A', '"', ' ', '\u00e9'])
      expect(decodeHexBytes(Buffer.from(hex.slice(0, 63) + bad, 'latin1'), 0, 64, words, 0)).toBe(false);
  });
});
