import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuck, type Duck } from '../sources/index.js';
import { testDatabaseUrl } from '../store/store.test-support.js';
import { defaultBlockRows, stageSource, type RowBlock } from './staging.js';
import { tempDir, writeCsv } from './events.test-support.js';

let duck: Duck;
let dir: { path: string; remove: () => Promise<void> };
beforeAll(async () => {
  duck = await openDuck();
  dir = await tempDir();
});
afterAll(async () => {
  duck.close();
  await dir.remove();
});

/** Every row of every block as [row number, ...cells]. */
async function read(blocks: AsyncGenerator<RowBlock>): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const block of blocks) {
    for (let r = 0; r < block.rows; r++) {
      const cells = block.cells.slice(r * block.width, (r + 1) * block.width).map((c) => c ?? '');
      rows.push([cells[block.width - 1]!, ...cells.slice(0, -1), block.broken?.has(r) ? 'BROKEN' : '']);
    }
  }
  return rows.map((r) => (r.at(-1) === '' ? r.slice(0, -1) : r));
}

describe('stageSource', () => {
  it('reads rows in source order, numbered, with the spread rows of an event last and together', async () => {
    const file = join(dir.path, 'spread.csv');
    await writeCsv(
      file,
      ['Email', 'event_id', 'price'],
      [
        { Email: 'a@x.test', event_id: 'o1', price: '1' },
        { Email: 'b@x.test', event_id: 'o2', price: '2' },
        { Email: 'b@x.test', event_id: 'o2', price: '3' },
        { Email: 'c@x.test', event_id: ' o1 ', price: '4' },
        { Email: 'd@x.test', event_id: '', price: '5' },
      ],
    );
    const staged = await stageSource({ kind: 'file', path: file, format: 'csv' }, duck, {
      required: ['email'],
    });
    expect(staged).toMatchObject({ fields: ['email', 'event_id', 'price'], rowCount: 5, spreadRows: 2 });
    expect(staged.columns).toEqual({ email: 'Email', event_id: 'event_id', price: 'price' });
    expect(await read(staged.blocks(2))).toEqual([
      ['2', 'b@x.test', 'o2', '2'],
      ['3', 'b@x.test', 'o2', '3'],
      ['5', 'd@x.test', '', '5'],
      ['1', 'a@x.test', 'o1', '1'],
      ['4', 'c@x.test', ' o1 ', '4'],
    ]);
    expect(await staged.rowsByNumber([4, 2, 9])).toEqual(
      new Map([
        [2, ['b@x.test', 'o2', '2']],
        [4, ['c@x.test', ' o1 ', '4']],
      ]),
    );
  });

  it('groups event ids as JavaScript trims them, Unicode whitespace included', async () => {
    const file = join(dir.path, 'unicode-ids.csv');
    await writeCsv(
      file,
      ['email', 'event_id'],
      [
        { email: 'a@x.test', event_id: 'o1' },
        { email: 'b@x.test', event_id: 'o 1' },
        { email: 'c@x.test', event_id: '\u3000o1\ufeff' },
        { email: 'd@x.test', event_id: '\u00a0o 1\u2028' },
        { email: 'e@x.test', event_id: 'o\u20001' },
      ],
    );
    const staged = await stageSource({ kind: 'file', path: file, format: 'csv' }, duck, {
      required: ['email'],
    });
    // 'o1' and 'o 1' each have a second, later row once trimmed (read last, by key: 'o 1' first); 'o\u20001'
    // (whitespace inside) is an event of its own.
    expect(staged.spreadRows).toBe(4);
    expect((await read(staged.blocks())).map((r) => r[0])).toEqual(['5', '2', '4', '1', '3']);
  });

  it('keeps rows without event_id that would get one derived id together', async () => {
    const file = join(dir.path, 'derived.csv');
    await writeCsv(
      file,
      ['email', 'event', 'timestamp', 'content_id'],
      [
        { email: 'a@x.test', event: 'Purchase', timestamp: '2024-06-01T10:00:00Z', content_id: 'p1' },
        { email: 'b@x.test', event: 'Purchase', timestamp: '2024-06-01T10:00:00Z', content_id: 'p2' },
        { email: 'a@x.test', event: 'Purchase', timestamp: '2024-06-01T10:00:00Z', content_id: 'p3' },
      ],
    );
    const staged = await stageSource({ kind: 'file', path: file, format: 'csv' }, duck, {
      required: ['email'],
    });
    expect((await read(staged.blocks())).map((r) => r[0])).toEqual(['2', '1', '3']);
  });

  it('reads typed sources as text and a row holding the separator as broken, not misaligned', async () => {
    const file = join(dir.path, 'typed.json');
    await writeFile(
      file,
      JSON.stringify([
        { email: 'a@x.test', quantity: 2, timestamp: '2024-06-01T10:00:00Z' },
        { email: 'b\u0001@x.test', quantity: 1, timestamp: null },
      ]),
    );
    const staged = await stageSource({ kind: 'file', path: file, format: 'json' }, duck, {
      required: ['email'],
    });
    expect(await read(staged.blocks())).toEqual([
      ['1', 'a@x.test', '2', '2024-06-01T10:00:00Z'],
      ['2', '', '', '', 'BROKEN'],
    ]);
  });

  it('reads the rows of a block around one holding the separator as they are', async () => {
    const file = join(dir.path, 'mixed.json');
    const rows = Array.from({ length: 5 }, (_, i) => ({ email: `u${i}@x.test`, quantity: i + 1 }));
    rows[2]!.email = 'c\u0001\u0001@x.test';
    await writeFile(file, JSON.stringify(rows));
    const staged = await stageSource({ kind: 'file', path: file, format: 'json' }, duck, {
      required: ['email'],
    });
    expect(await read(staged.blocks(2))).toEqual([
      ['1', 'u0@x.test', '1'],
      ['2', 'u1@x.test', '2'],
      ['3', '', '', 'BROKEN'],
      ['4', 'u3@x.test', '4'],
      ['5', 'u4@x.test', '5'],
    ]);
  });

  it('stages a PostgreSQL query the same way', async () => {
    const query = `SELECT * FROM (VALUES ('a@x.test', 'o1', 2), ('b@x.test', 'o2', NULL), ('c@x.test', 'o1', 1))
      AS t(email, event_id, quantity)`;
    const staged = await stageSource({ kind: 'postgres', url: testDatabaseUrl(), query }, duck, {
      required: ['email'],
    });
    expect(await read(staged.blocks())).toEqual([
      ['2', 'b@x.test', 'o2', ''],
      ['1', 'a@x.test', 'o1', '2'],
      ['3', 'c@x.test', 'o1', '1'],
    ]);
  });

  it('names the missing column and lists those found', async () => {
    const file = join(dir.path, 'nomail.csv');
    await writeCsv(file, ['phone'], [{ phone: '1' }]);
    await expect(
      stageSource({ kind: 'file', path: file, format: 'csv' }, duck, { required: ['email', 'event'] }),
    ).rejects.toThrow(/No column for email.*Columns found: phone/);
  });
});

describe('defaultBlockRows', () => {
  it('reads 20,000 rows a block, fewer when rows are wide, never fewer than 16', () => {
    expect(defaultBlockRows(150)).toBe(20_000);
    expect(defaultBlockRows(0)).toBe(20_000);
    // Rows of 4 KB: blocks of 20,000 ran DuckDB out of its 64 MB read limit.
    expect(defaultBlockRows(4100)).toBe(767);
    expect(defaultBlockRows(1e8)).toBe(16);
  });
});
