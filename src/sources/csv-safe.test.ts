import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvCell, csvQuote, csvSafeColumnSql, neutraliseCell, neutraliseCsvStream } from './csv-safe.js';
import { withDuck } from './duckdb.js';
import { sqlString } from './relation.js';

const FORMULAS = ['=HYPERLINK("http://x","y")', '@SUM(A1)', '+15551234567', '-2+3', '\tx', '\rx'];

async function through(chunks: string[]): Promise<string> {
  const stream = new ReadableStream<string>({
    start(controller) {
      for (const c of chunks) controller.enqueue(c);
      controller.close();
    },
  }).pipeThrough(neutraliseCsvStream());
  let out = '';
  for await (const part of stream) out += part;
  return out;
}

describe('CSV cells for people (formula neutralising)', () => {
  it('prefixes a quote to every cell starting like a formula, and only those', () => {
    for (const f of FORMULAS) expect(neutraliseCell(f)).toBe(`'${f}`);
    for (const plain of ['ann@example.com', 'a=b', "'=already", '', '12'])
      expect(neutraliseCell(plain)).toBe(plain);
    expect(csvCell('=1+2')).toBe("'=1+2");
    expect(csvCell('=HYPERLINK("a")')).toBe('"\'=HYPERLINK(""a"")"');
    expect(csvCell('-2,3')).toBe(`"'-2,3"`);
    expect(csvCell(null)).toBe('');
    expect(csvQuote('=1')).toBe('=1');
  });

  it('writes neutralised cells and header through DuckDB COPY', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ttads-csv-safe-'));
    try {
      const path = join(dir, 'out.csv');
      const values = FORMULAS.map((f, i) => `(${i}, ${sqlString(f)})`).join(', ');
      await withDuck((duck) =>
        duck.run(
          `COPY (SELECT ${csvSafeColumnSql('i', 'row')}, ${csvSafeColumnSql('v', '=cmd()')}, ${csvSafeColumnSql('NULL', 'none')}
             FROM (VALUES ${values}) AS t(i, v) ORDER BY i) TO ${sqlString(path)} (FORMAT csv, HEADER true)`,
        ),
      );
      const rows = await withDuck((duck) =>
        duck.run(
          `SELECT * FROM read_csv(${sqlString(path)}, header = true, all_varchar = true, strict_mode = false)`,
        ),
      );
      expect(Object.keys(rows[0] ?? {})).toEqual(['row', "'=cmd()", 'none']);
      expect(rows.map((r) => r["'=cmd()"])).toEqual(FORMULAS.map((f) => `'${f}`));
      expect(rows.map((r) => r.none)).toEqual(FORMULAS.map(() => null));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('neutralises a CSV stream, quoted cells and header included, across chunk boundaries', async () => {
    const csv = 'row,=evil,"@h"\n1,=1+2,"-2+3"\n2,"say ""hi""","""=not"\n3,"+1\n555",a=b\r\n4,\'=done,""\n';
    const expected =
      'row,\'=evil,"\'@h"\n1,\'=1+2,"\'-2+3"\n2,"say ""hi""","""=not"\n3,"\'+1\n555",a=b\r\n4,\'=done,""\n';
    expect(await through([csv])).toBe(expected);
    expect(await through(csv.split(''))).toBe(expected);
    expect(await through([expected])).toBe(expected);
  });
});
