import { describe, expect, it } from 'vitest';
import { IdSet } from './id-set.js';

describe('IdSet', () => {
  it('adds ids once, from strings or from their UTF-8 bytes alike', () => {
    const s = new IdSet();
    expect(s.add('order-1')).toBe(true);
    expect(s.add('order-1')).toBe(false);
    const body = Buffer.from('xx"order-1","order-2","ü"');
    expect(s.addBytes(body, 3, 10)).toBe(false);
    expect(s.addBytes(body, 13, 20)).toBe(true);
    expect(s.add('order-2')).toBe(false);
    expect(s.addBytes(body, 23, 25)).toBe(true);
    expect(s.add('ü')).toBe(false);
    expect(s.add('')).toBe(true);
    expect(s.addBytes(body, 0, 0)).toBe(false);
    expect(s.size).toBe(4);
  });

  it('tells apart ids that share a prefix or differ only in length', () => {
    const s = new IdSet();
    for (const id of ['a', 'ab', 'abc', 'b', 'ba']) expect(s.add(id)).toBe(true);
    for (const id of ['a', 'ab', 'abc', 'b', 'ba']) expect(s.add(id)).toBe(false);
    expect(s.add('abcd')).toBe(true);
  });

  it('keeps ids that are not well-formed strings apart from their UTF-8 replacement', () => {
    const s = new IdSet();
    expect(s.add('\ud800')).toBe(true);
    expect(s.add('\ufffd')).toBe(true);
    expect(s.add('\udc00')).toBe(true);
    expect(s.add('\ud800')).toBe(false);
    expect(s.add('\ufffd')).toBe(false);
    expect(s.size).toBe(3);
  });

  it('keeps every id through many growths', () => {
    const s = new IdSet();
    const ids = Array.from({ length: 50_000 }, (_, i) => `order-${i * 7919}-${'x'.repeat(i % 40)}`);
    expect(ids.filter((id) => s.add(id))).toHaveLength(ids.length);
    expect(s.size).toBe(ids.length);
    expect(ids.filter((id) => s.add(id))).toHaveLength(0);
    expect(Array.from({ length: 10_000 }, (_, i) => s.add(`other-${i}`)).every(Boolean)).toBe(true);
    expect(s.size).toBe(60_000);
  });
});
