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

  it('grows in slices between other work, adds and lookups going on meanwhile, and keeps every member', async () => {
    const s = new HexHashSet(64, 1024);
    const all = Array.from({ length: 20_000 }, (_, i) => sha(`g${i}`));
    const slices = () => new Promise<void>((resolve) => setImmediate(resolve));
    let added = 0;
    while (added < all.length) {
      // A batch of adds, then the background growth of the set gets a slice or two, as between requests.
      for (const h of all.slice(added, added + 300)) expect(s.add(h)).toBe(true);
      added = Math.min(added + 300, all.length);
      s.growInBackground(64);
      await slices();
      for (const h of all.slice(Math.max(0, added - 400), added)) expect(s.has(h)).toBe(true);
      expect(s.has(sha(`absent${added}`))).toBe(false);
    }
    for (let i = 0; i < 50; i++) await slices();
    expect(s.size).toBe(all.length);
    for (const h of all) expect(s.has(h)).toBe(true);
    for (const h of all) expect(s.add(h)).toBe(false);
    expect([...s.values()]).toEqual(all);
  });

  it('grows in the background before an insert would have to rebuild the table at once', async () => {
    const s = new HexHashSet(64, 1024);
    const all = Array.from({ length: 600 }, (_, i) => sha(`b${i}`));
    for (const h of all) s.add(h);
    expect(s.capacity).toBe(1024);
    s.growInBackground(64);
    expect(s.capacity).toBe(1024);
    for (let i = 0; i < 20 && s.capacity === 1024; i++) await new Promise<void>((r) => setImmediate(r));
    expect(s.capacity).toBe(4096);
    for (const h of all) expect(s.has(h)).toBe(true);
    expect(s.size).toBe(600);
  });

  it('drops a background growth when a member is deleted meanwhile, and stays exact', async () => {
    const s = new HexHashSet(64, 1024);
    const all = Array.from({ length: 700 }, (_, i) => sha(`d${i}`));
    for (const h of all) s.add(h);
    s.growInBackground(8);
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(s.delete(all[5]!)).toBe(true);
    for (let i = 0; i < 200; i++) await new Promise<void>((resolve) => setImmediate(resolve));
    for (let i = 700; i < 2000; i++) s.add(sha(`d${i}`));
    expect(s.has(all[5]!)).toBe(false);
    expect(s.size).toBe(1999);
    for (let i = 0; i < 2000; i++) expect(s.has(sha(`d${i}`))).toBe(i !== 5);
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
