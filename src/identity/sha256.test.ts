import { describe, expect, it } from 'vitest';
import { isSha256Hex, sha256Hex, sha256HexViaCreateHash } from './sha256.js';

describe('sha256Hex', () => {
  it('matches known SHA-256 vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('test@example.com')).toBe(
      '973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b',
    );
  });

  it('gives the same digest through the createHash fallback, including non-ASCII text', () => {
    for (const value of ['abc', '+12065550100', 'josé@example.com', '名前@例え.jp']) {
      expect(sha256HexViaCreateHash(value)).toBe(sha256Hex(value));
    }
  });
});

describe('isSha256Hex', () => {
  it('recognises 64 hex characters in any case', () => {
    expect(isSha256Hex('973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b')).toBe(true);
    expect(isSha256Hex('973DFE463EC85785F5F95AF5BA3906EEDB2D931C24E69824A89EA65DBA4E813B')).toBe(true);
  });

  it('rejects wrong lengths and non-hex characters', () => {
    expect(isSha256Hex('973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813')).toBe(false);
    expect(isSha256Hex('973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813bb')).toBe(false);
    expect(isSha256Hex('g73dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b')).toBe(false);
    expect(isSha256Hex('')).toBe(false);
  });
});
