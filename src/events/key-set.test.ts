import { describe, expect, it } from 'vitest';
import { fingerprint, KeySet } from './key-set.js';

describe('KeySet', () => {
  it('holds keys, tells them apart and grows past its first capacity', () => {
    const set = new KeySet(4);
    for (let i = 0; i < 5000; i++) expect(set.add(`key-${i}`)).toBe(true);
    expect(set.add('key-42')).toBe(false);
    expect(set.size).toBe(5000);
    expect(set.has('key-4999')).toBe(true);
    expect(set.has('key-5000')).toBe(false);
  });

  it('takes fingerprints in bulk, as the journal loads them, and stores an all-zero one', () => {
    const set = new KeySet();
    set.addAll(Buffer.concat([fingerprint('a'), Buffer.alloc(16), fingerprint('b')]));
    expect(set.size).toBe(3);
    expect(set.has('a') && set.has('b')).toBe(true);
    expect(set.hasFingerprint(Buffer.alloc(16))).toBe(true);
  });

  it('answers false on an empty set', () => {
    expect(new KeySet().has('x')).toBe(false);
  });

  it('gives the MD5 DuckDB gives', () => {
    expect(fingerprint('abc').toString('hex')).toBe('900150983cd24fb0d6963f7d28e17f72');
  });
});
