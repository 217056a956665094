import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BodyPool, readStreamBody } from './body-bytes.js';

const chunks = (total: number, size: number): Buffer[] => {
  const all = Buffer.from(Array.from({ length: total }, (_, i) => (i * 7) % 251));
  const out: Buffer[] = [];
  for (let i = 0; i < total; i += size) out.push(all.subarray(i, i + size));
  return out;
};
const joined = (parts: Buffer[]): Buffer => Buffer.concat(parts);

describe('readStreamBody', () => {
  it.each([
    ['the declared length', 200_000, 200_000],
    ['no declared length', 200_000, undefined],
    ['a declared length too small', 200_000, 1000],
    ['an empty body', 0, undefined],
  ])('reads every byte in order with %s', async (_, total, declared) => {
    const parts = chunks(total, 65_536);
    const body = await readStreamBody(Readable.from(parts), declared);
    expect(body.equals(joined(parts))).toBe(true);
  });

  it('reuses a pooled buffer once it is given back, and only then', async () => {
    const pool = new BodyPool();
    const parts = chunks(300_000, 65_536);
    const a = await readStreamBody(Readable.from(parts), 300_000, pool);
    expect(a.equals(joined(parts))).toBe(true);
    const b = await readStreamBody(Readable.from(parts), 300_000, pool);
    expect(b.buffer).not.toBe(a.buffer);
    pool.give(a);
    const c = await readStreamBody(Readable.from(chunks(100_000, 65_536)), 100_000, pool);
    expect(c.buffer).toBe(a.buffer);
    expect(c.equals(joined(chunks(100_000, 65_536)))).toBe(true);
    // A buffer the pool did not lend is not taken in.
    const foreign = Buffer.alloc(500_000);
    pool.give(foreign);
    pool.give(b);
    const d = await readStreamBody(Readable.from(parts), 300_000, pool);
    expect(d.buffer).toBe(b.buffer);
  });

  it('gives the pooled buffer back when the stream fails', async () => {
    const pool = new BodyPool();
    const failing = new Readable({ read() {} });
    failing.push(Buffer.alloc(70_000, 1));
    setImmediate(() => failing.destroy(new Error('connection reset')));
    await expect(readStreamBody(failing, 100_000, pool)).rejects.toThrow('connection reset');
    const next = pool.take(100_000);
    expect(next.length).toBeGreaterThanOrEqual(100_000);
    expect(next.subarray(0, 70_000).every((v) => v === 1)).toBe(true);
  });
});
