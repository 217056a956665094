import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashRow, ID_TYPES, type IdType } from '../identity/index.js';
import { neutraliseCell, openDuck, type Duck } from '../sources/index.js';
import { sampleRows, type SampleRow } from './normalize-samples.test-support.js';
import { buildDesiredPairs } from './normalize-sql.js';
import { rejectsCopySql } from './rejects-sql.js';

const FIELDS = ['email', 'phone', 'idfa', 'aaid'] as const;

let duck: Duck;
let dir: string;
beforeAll(async () => {
  duck = await openDuck({ threads: 2, memoryLimit: '256MB' });
  dir = await mkdtemp(join(tmpdir(), 'ttads-audience-rejects-'));
});
afterAll(async () => {
  duck.close();
  await rm(dir, { recursive: true, force: true });
});

async function load(rows: readonly Partial<SampleRow>[]): Promise<void> {
  await duck.run(`CREATE OR REPLACE TABLE src (email VARCHAR, phone VARCHAR, idfa VARCHAR, aaid VARCHAR)`);
  const appender = await duck.connection.createAppender('src');
  for (const row of rows) {
    for (const field of FIELDS) {
      const value = row[field];
      if (value === null || value === undefined) appender.appendNull();
      else appender.appendVarchar(value);
    }
    appender.endRow();
  }
  appender.closeSync();
}

async function build(rejectsPath: string, idTypes: IdType[] = [...ID_TYPES]) {
  return buildDesiredPairs(duck.connection, {
    relationSql: 'SELECT * FROM src',
    columns: { email: 'email', phone: 'phone', idfa: 'idfa', aaid: 'aaid' },
    idTypes,
    defaultRegion: 'US',
    rejectsPath,
  });
}

/** Parses the CSV (RFC 4180 quoting) in JavaScript, so that every character of a value is checked. */
async function readRejects(path: string) {
  const text = await readFile(path, 'utf8');
  const records: (string | null)[][] = [];
  let record: (string | null)[] = [];
  let at = 0;
  while (at < text.length) {
    let value: string | null;
    if (text[at] === '"') {
      let end = at + 1;
      value = '';
      for (;;) {
        const quote = text.indexOf('"', end);
        value += text.slice(end, quote);
        if (text[quote + 1] === '"') {
          value += '"';
          end = quote + 2;
        } else {
          at = quote + 1;
          break;
        }
      }
    } else {
      const end = text.slice(at).search(/[,\n]/) + at;
      value = text.slice(at, end) || null;
      at = end;
    }
    record.push(value);
    if (text[at] === '\n') {
      records.push(record);
      record = [];
    }
    at += 1;
  }
  const [header, ...rows] = records;
  expect(header).toEqual(['row', 'id_type', 'reason', 'value']);
  return rows.map(([row, id_type, reason, value]) => ({ row, id_type, reason, value }));
}

describe('the rejects file of an audience sync', () => {
  it('lists every reject hashRow finds, with the value as read (neutralised), in source order', async () => {
    const rows = sampleRows(3000);
    await load(rows);
    const path = join(dir, 'samples.csv');
    const stats = await build(path);
    expect(stats.rejectsFile).toBe(path);
    const lines = await readRejects(path);
    type Line = { row: string; reason: string; value: string | null };
    const expected = rows.flatMap((row, i): Line[] => {
      const { rejects } = hashRow(row, ID_TYPES, { defaultRegion: 'US' });
      if (rejects[0] === 'no_identifier')
        return [{ row: String(i + 1), reason: 'no_identifier', value: null }];
      // One line per rejected value, in id type order (EMAIL, PHONE, IDFA, AAID).
      return ID_TYPES.flatMap((type) => {
        const outcome = hashRow(row, [type], { defaultRegion: 'US' });
        const reason = outcome.rejects[0];
        if (!reason || reason === 'no_identifier') return [];
        const value = row[FIELDS[ID_TYPES.indexOf(type)]!];
        // As read, but a value starting like a formula has a leading quote (neutraliseCell).
        return [{ row: String(i + 1), reason, value: value == null ? value : neutraliseCell(value) }];
      });
    });
    expect(expected.length).toBeGreaterThan(100);
    expect(lines.map(({ row, reason, value }) => ({ row, reason, value }))).toEqual(expected);
    const total = Object.values(stats.rejectedByReason).reduce((a, b) => a + b, 0);
    expect(lines).toHaveLength(total);
    expect(lines.find((l) => l.reason === 'phone_invalid')?.id_type).toBe('PHONE');
  });

  it('is not written when nothing is rejected, and holds at most the limit', async () => {
    await load([{ email: 'ann@example.com' }, { email: 'bad' }, {}, { email: 'worse' }]);
    const none = join(dir, 'none.csv');
    const stats = await buildDesiredPairs(duck.connection, {
      relationSql: "SELECT 'bo@example.com' AS email",
      columns: { email: 'email' },
      idTypes: ['EMAIL'],
      defaultRegion: 'US',
      rejectsPath: none,
    });
    expect(stats.rejectsFile).toBeUndefined();
    expect(existsSync(none)).toBe(false);

    await load([{ email: 'ann@example.com' }, { email: 'bad' }, {}, { email: 'worse' }]);
    await duck.run(`CREATE OR REPLACE TABLE pairs AS SELECT 100::UTINYINT AS id_type, NULL::BLOB AS hash, 1::BIGINT AS rid
      UNION ALL SELECT 255, NULL, 2 UNION ALL SELECT 100, NULL, 3`);
    const cut = join(dir, 'cut.csv');
    await duck.run(rejectsCopySql('pairs', 'src', [{ type: 'EMAIL', ref: 'email' }], cut, 2));
    expect(await readRejects(cut)).toEqual([
      { row: '2', id_type: 'EMAIL', reason: 'email_invalid', value: 'bad' },
      { row: '3', id_type: null, reason: 'no_identifier', value: null },
    ]);
  });
  it('neutralises values starting like a formula (DuckDB COPY)', async () => {
    await load([
      { email: '=HYPERLINK("http://x","y")' },
      { email: '@SUM(A1)' },
      { phone: '+1 not a phone' },
      { email: '-2+3' },
    ]);
    const path = join(dir, 'formulas.csv');
    await build(path, ['EMAIL', 'PHONE']);
    const text = await readFile(path, 'utf8');
    expect(text).not.toMatch(/(^|,|")[=@+-]/m);
    expect((await readRejects(path)).map((l) => l.value)).toEqual([
      `'=HYPERLINK("http://x","y")`,
      "'@SUM(A1)",
      "'+1 not a phone",
      "'-2+3",
    ]);
  });
});
