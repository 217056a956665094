import { describe, expect, it } from 'vitest';
import { HexHashSet } from './hash-set.js';
import { sha } from './emulator.test-support.js';

describe('HexHashSet', () => {
  it('adds, finds and deletes digests', () => {
    const s = new HexHashSet(64);
    expect(s.add(sha('a'))).toBe(true);
    expect(s.add(sha('a'))).toBe(false);
    expect(s.has(sha('a'))).toBe(true);
    expect(s.has(sha('b'))).toBe(false);
    expect(s.delete(sha('a'))).toBe(true);
    expect(s.delete(sha('a'))).toBe(false);
    expect(s.size).toBe(0);
  });

  it('keeps every member through growth and many deletions', () => {
    const s = new HexHashSet(64, 16);
    const all = Array.from({ length: 5000 }, (_, i) => sha(String(i)));
    for (const h of all) s.add(h);
    for (const h of all.slice(0, 2500)) s.delete(h);
    for (const h of all.slice(0, 1000)) s.add(h);
    expect(s.size).toBe(3500);
    expect(all.filter((h) => s.has(h))).toHaveLength(3500);
    expect(new Set(s.values())).toEqual(new Set([...all.slice(0, 1000), ...all.slice(2500)]));
  });

  it('tells members from non-members through many growths, with deletions between them', () => {
    // Slots keep a tag of the hash next to the entry number; a tag must never hide or fake a member.
    const s = new HexHashSet(64, 16);
    const all = Array.from({ length: 60_000 }, (_, i) => sha(`m${i}`));
    all.forEach((h, i) => {
      expect(s.add(h)).toBe(true);
      if (i % 7 === 3) expect(s.delete(all[i - 3]!)).toBe(true);
    });
    const deleted = new Set(all.filter((_, j) => j % 7 === 0 && j + 3 < all.length));
    expect(s.size).toBe(all.length - deleted.size);
    for (const h of all) expect(s.has(h)).toBe(!deleted.has(h));
    for (let i = 0; i < 20_000; i++) expect(s.has(sha(`absent${i}`))).toBe(false);
    for (const h of all) expect(s.add(h)).toBe(deleted.has(h));
    expect(s.size).toBe(all.length);
  });

  it('stores 32-character MD5 digests', () => {
    const s = new HexHashSet(32);
    s.add('d41d8cd98f00b204e9800998ecf8427e');
    expect([...s.values()]).toEqual(['d41d8cd98f00b204e9800998ecf8427e']);
  });

  it('counts members by the big-endian value of their first 4 bytes', () => {
    const s = new HexHashSet(64);
    s.add('00000001' + '0'.repeat(56));
    s.add('ffffffff' + '0'.repeat(56));
    expect(s.countByPrefix((p) => p < 2)).toBe(1);
    expect(s.countByPrefix((p) => p === 0xffffffff)).toBe(1);
  });
});
