import { afterEach, describe, expect, it } from 'vitest';
import { hashColumns, rowOf } from './hash-columns.js';
import { createHashPool, type HashPool } from './pool.js';

const US = { defaultRegion: 'US' };

function columns(rows: number, seed: number) {
  const email: (string | null)[] = [];
  const phone: (string | null)[] = [];
  for (let i = 0; i < rows; i++) {
    const n = (i * 7919 + seed) % 10_000;
    email.push(i % 11 === 0 ? null : i % 13 === 0 ? `broken${n}` : ` User.${n}+x@Example.COM`);
    phone.push(
      i % 17 === 0
        ? ''
        : i % 5 === 0
          ? `(206) 555-${String(n).padStart(4, '0')}`
          : i % 7 === 0
            ? '12'
            : `+44 20 7946 ${String(n).padStart(4, '0')}`,
    );
  }
  return { email, phone };
}

let pool: HashPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('createHashPool', () => {
  it('hashes large chunks on worker threads with the same result as inline hashing', async () => {
    pool = createHashPool({ threads: 2, defaultRegion: 'US', idTypes: ['EMAIL', 'PHONE'], inlineBelow: 100 });
    const input = columns(2_500, 1);
    const pooled = await pool.hashChunk(input);
    const inline = hashColumns(input, ['EMAIL', 'PHONE'], US);
    expect(pooled.rows).toBe(2_500);
    expect(pooled.columns.EMAIL?.hex).toBe(inline.columns.EMAIL?.hex);
    expect(pooled.columns.PHONE?.hex).toBe(inline.columns.PHONE?.hex);
    expect(Array.from(pooled.columns.PHONE?.status ?? [])).toEqual(
      Array.from(inline.columns.PHONE?.status ?? []),
    );
    expect(rowOf(pooled, 5).hashes.PHONE).toBe(rowOf(inline, 5).hashes.PHONE);
  });

  it('keeps concurrent chunks apart when there are more chunks than threads', async () => {
    pool = createHashPool({ threads: 2, defaultRegion: 'US', idTypes: ['EMAIL', 'PHONE'], inlineBelow: 50 });
    const inputs = [1, 2, 3, 4, 5].map((seed) => columns(300 + seed * 40, seed));
    const active = pool;
    const results = await Promise.all(inputs.map((input) => active.hashChunk(input)));
    results.forEach((result, index) => {
      const expected = hashColumns(inputs[index] ?? {}, ['EMAIL', 'PHONE'], US);
      expect(result?.rows).toBe(expected.rows);
      expect(result?.columns.EMAIL?.hex).toBe(expected.columns.EMAIL?.hex);
      expect(result?.columns.PHONE?.hex).toBe(expected.columns.PHONE?.hex);
    });
  });

  it('hashes small chunks inline, before any worker exists', async () => {
    pool = createHashPool({ defaultRegion: 'GB', idTypes: ['PHONE'] });
    const result = await pool.hashChunk({ phone: ['020 7946 0958'] });
    expect(rowOf(result, 0)).toEqual(
      rowOf(hashColumns({ phone: ['020 7946 0958'] }, ['PHONE'], { defaultRegion: 'GB' }), 0),
    );
  });

  it('refuses work once closed and rejects chunks still queued', async () => {
    pool = createHashPool({ threads: 1, defaultRegion: 'US', idTypes: ['EMAIL'], inlineBelow: 10 });
    const queued = expect(pool.hashChunk(columns(500, 9))).rejects.toThrow(/closed/);
    await pool.close();
    await queued;
    await expect(pool.hashChunk(columns(500, 9))).rejects.toThrow(/closed/);
  });

  it('checks its settings up front', () => {
    expect(() => createHashPool({ defaultRegion: 'ZZ', idTypes: ['PHONE'] })).toThrow(/ZZ/);
    expect(() => createHashPool({ defaultRegion: 'US', idTypes: [] })).toThrow(/no identifier type/);
  });
});
