import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectRows, type Chunk } from './chunk.js';
import { streamRows } from './duck-source.js';
import { openDuck, withDuck, type Duck } from './duckdb.js';
import { sourceRelationSql, sqlIdent, sqlString } from './relation.js';

let duck: Duck;
beforeAll(async () => {
  duck = await openDuck();
});
afterAll(() => duck.close());

const TYPED = `SELECT TIMESTAMPTZ '2024-05-01 12:00:00+02' AS tz, TIMESTAMP '2024-05-01 10:00:00.25' AS ts,
  'infinity'::TIMESTAMP AS inf, DATE '2024-05-01' AS d, 1.5::DOUBLE AS x, 42::BIGINT AS n, true AS f,
  12.50::DECIMAL(10, 2) AS m, NULL::INTEGER AS nothing`;

describe('values arrive as predictable text', () => {
  it.each(['batched', 'stream'] as const)('with the %s strategy', async (strategy) => {
    const rows = await collectRows(duck.stream(TYPED, undefined, { strategy }));
    expect(rows).toEqual([
      {
        tz: '2024-05-01T10:00:00Z',
        ts: '2024-05-01T10:00:00.25Z',
        inf: 'infinity',
        d: '2024-05-01',
        x: '1.5',
        n: '42',
        f: 'true',
        m: '12.50',
        nothing: null,
      },
    ]);
  });
});

describe('strategies', () => {
  const query = `SELECT i, CASE WHEN i % 7 = 0 THEN NULL WHEN i % 5 = 0 THEN '' ELSE 'v' || i END AS v
    FROM range(1000) t(i) ORDER BY i`;

  async function chunks(strategy: 'batched' | 'stream'): Promise<Chunk[]> {
    const out: Chunk[] = [];
    for await (const chunk of duck.stream(query, undefined, { strategy, chunkRows: 300 })) out.push(chunk);
    return out;
  }

  it('give the same rows, in order, in chunks of the requested size', async () => {
    const batched = await chunks('batched');
    const streamed = await chunks('stream');
    expect(batched.map((c) => c.rowCount)).toEqual([300, 300, 300, 100]);
    expect(streamed).toEqual(batched);
    const v = batched.flatMap((c) => c.columns.v ?? []);
    expect(v.slice(0, 8)).toEqual([null, 'v1', 'v2', 'v3', 'v4', '', 'v6', null]);
    expect(batched.flatMap((c) => c.columns.i)).toEqual(Array.from({ length: 1000 }, (_, i) => String(i)));
  });

  it('keep values containing the batch separator intact', async () => {
    const rows = await collectRows(
      duck.stream(
        `SELECT * FROM (VALUES (1, 'a' || chr(1) || 'b'), (2, NULL), (3, ''), (4, chr(1))) t(k, v) ORDER BY k`,
      ),
    );
    expect(rows.map((r) => r.v)).toEqual(['a\u0001b', null, '', '\u0001']);
  });

  it('clean up the temp table when the consumer stops early', async () => {
    for await (const chunk of duck.stream('SELECT * FROM range(100)', undefined, { chunkRows: 10 })) {
      expect(chunk.rowCount).toBe(10);
      break;
    }
    const left = await duck.run(
      "SELECT count(*) AS n FROM duckdb_tables() WHERE table_name LIKE '__ttads_read_%'",
    );
    expect(left[0]?.n).toBe(0n);
  });
});

describe('Duck wrapper', () => {
  it('binds parameters in run, describe and stream', async () => {
    expect(await duck.run('SELECT $1::INTEGER + 1 AS n, $2 AS s', [41, 'x'])).toEqual([{ n: 42, s: 'x' }]);
    expect(await duck.describe('SELECT $1::VARCHAR AS s', ['x'])).toEqual([{ name: 's', type: 'VARCHAR' }]);
    const rows = await collectRows(duck.stream('SELECT * FROM range(10) t(i) WHERE i < $max', { max: 3 }));
    expect(rows).toEqual([{ i: '0' }, { i: '1' }, { i: '2' }]);
  });

  it('shares views created with run', async () => {
    await duck.run("CREATE OR REPLACE TEMP VIEW people AS SELECT 'ann' AS name");
    expect(await collectRows(duck.stream('FROM people'))).toEqual([{ name: 'ann' }]);
  });

  it('opens further connections to the same database, which see its tables and close with it', async () => {
    const other = await withDuck(async (d) => {
      await d.run('CREATE TABLE shared AS SELECT 7 AS n');
      const second = await d.connect();
      const reader = await second.runAndReadAll('SELECT n FROM shared');
      expect(reader.getRowObjectsJS()).toEqual([{ n: 7 }]);
      return second;
    });
    await expect(other.run('SELECT 1')).rejects.toThrow();
  });

  it('runs in UTC without downloading extensions', async () => {
    const [settings] = await duck.run(
      "SELECT current_setting('TimeZone') AS tz, current_setting('autoinstall_known_extensions') AS install",
    );
    expect(settings).toEqual({ tz: 'UTC', install: false });
  });

  it("returns freed memory with the allocator's background threads", async () => {
    const [row] = await duck.run("SELECT current_setting('allocator_background_threads') AS bg");
    expect(row).toEqual({ bg: true });
  });

  it('removes its own spill directory on close', async () => {
    const temp = await withDuck(async (d) => {
      const [row] = await d.run("SELECT current_setting('temp_directory') AS t");
      const dir = row?.t as string;
      expect(existsSync(dir)).toBe(true);
      return dir;
    });
    expect(existsSync(temp)).toBe(false);
  });
});

describe('quoting paths and names', () => {
  it('escapes quotes in string literals and identifiers', () => {
    expect(sqlString("o'brien")).toBe("'o''brien'");
    expect(sqlIdent('a"b')).toBe('"a""b"');
    expect(() => sqlString('a\0b')).toThrow(/NUL/);
  });

  it('reads a file whose path has quotes, as a source and through sourceRelationSql', async () => {
    const dir = mkdtempSync(join(tmpdir(), "ttads-it's-"));
    try {
      const path = join(dir, `o'brien "list"'); --.csv`);
      writeFileSync(path, 'email,"we""ird"\nann@example.com,1\n');
      const spec = { kind: 'file', path, format: 'csv' } as const;
      expect(await collectRows(streamRows(spec, { duck }))).toEqual([
        { email: 'ann@example.com', 'we"ird': '1' },
      ]);
      const counted = await duck.run(`SELECT count(*) AS n FROM ${sourceRelationSql(spec)} AS src`);
      expect(counted[0]?.n).toBe(1n);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
