import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex, type IdType } from '../identity/index.js';
import { openDuck, sourceRelationSql, SourceError, type Duck } from '../sources/index.js';
import { buildDesiredPairs, ID_TYPE_CODE, type NormalizeStats } from './normalize-sql.js';
import { hashUdfCalls } from './normalize-udf.js';

// Focused rules, one behaviour each; normalize-sql.test.ts proves equality with identity at large.

let duck: Duck;
let dir: string;
beforeAll(async () => {
  duck = await openDuck({ threads: 2, memoryLimit: '256MB' });
  dir = mkdtempSync(join(tmpdir(), 'ttads-normalize-rules-'));
});
afterAll(() => {
  duck.close();
  rmSync(dir, { recursive: true, force: true });
});

const sqlText = (v: string | null) => (v === null ? 'NULL' : `'${v.replaceAll("'", "''")}'`);

/** Runs one column of values (row i = values[i]) as `type` and returns hashes by row, '' for none. */
async function hashes(type: IdType, values: (string | null)[], region = 'US') {
  const field = type.toLowerCase();
  const rows = values.map((v, i) => `(${i}, ${sqlText(v)})`).join(', ');
  const stats = await buildDesiredPairs(duck.connection, {
    relationSql: `SELECT v AS ${field} FROM (VALUES ${rows}) AS t(i, v) ORDER BY i`,
    columns: { [field]: field },
    idTypes: [type],
    defaultRegion: region,
  });
  const found = await duck.run(`SELECT rid, id_type, lower(hex(hash)) AS h FROM desired_pairs`);
  const byRow = values.map(() => '');
  for (const { rid, id_type, h } of found) {
    expect(Number(id_type)).toBe(ID_TYPE_CODE[type]);
    byRow[Number(rid)] = h as string;
  }
  return { byRow, stats };
}

describe('normalisation rules in SQL', () => {
  it('trims and lower-cases emails and changes nothing else', async () => {
    const { byRow } = await hashes('EMAIL', [' John.Doe+Promo@Example.COM\t', 'JOHN.DOE+PROMO@EXAMPLE.COM']);
    expect(byRow).toEqual([sha256Hex('john.doe+promo@example.com'), sha256Hex('john.doe+promo@example.com')]);
  });

  it('rejects malformed emails with email_invalid', async () => {
    const { byRow, stats } = await hashes('EMAIL', ['no-at-sign', 'a@b', 'a b@c.com', 'ok@example.com']);
    expect(byRow.slice(0, 3)).toEqual(['', '', '']);
    expect(stats.rejectedByReason).toEqual({ email_invalid: 3, no_identifier: 0 });
    expect(stats.validByType).toEqual({ EMAIL: 1 });
  });

  it('brings national and international phone layouts to one E.164 hash', async () => {
    const layouts = ['(206) 555-0100', '206.555.0100', '1 206 555 0100', '+1 (206) 555-0100', '12065550100'];
    const odd = ['206-555-0100 ext. 12', '001 206 555 0100', ' +1-206-555-0100\u00a0'];
    const { byRow } = await hashes('PHONE', [...layouts, ...odd]);
    expect(new Set(byRow)).toEqual(new Set([sha256Hex('+12065550100')]));
  });

  it('reads national numbers in the default region', async () => {
    const { byRow } = await hashes('PHONE', ['020 7946 0958', '+44 20 7946 0958'], 'GB');
    expect(byRow).toEqual([sha256Hex('+442079460958'), sha256Hex('+442079460958')]);
  });

  it('rejects invalid phones with phone_invalid', async () => {
    const { byRow, stats } = await hashes('PHONE', [
      '555-0100',
      '(000) 000-0000',
      'call me',
      '+1 555 555 5555',
    ]);
    expect(byRow).toEqual(['', '', '', '']);
    expect(stats.rejectedByReason.phone_invalid).toBe(4);
  });

  it('keeps the common US layouts out of JavaScript', async () => {
    const before = hashUdfCalls.rows;
    const { byRow } = await hashes('PHONE', [
      '(212) 555-0199',
      '212-555-0199',
      '+1 212 555 0199',
      '12125550199',
    ]);
    expect(new Set(byRow).size).toBe(1);
    expect(hashUdfCalls.rows).toBe(before);
  });

  it('trims, lower-cases and checks mobile advertising ids', async () => {
    const id = '6D92078A-8246-AC8C-3FB4-C7C8E1D1C5A8';
    const { byRow, stats } = await hashes('IDFA', [
      ` ${id} `,
      '00000000-0000-0000-0000-000000000000',
      'not-a-uuid',
    ]);
    expect(byRow).toEqual([sha256Hex(id.toLowerCase()), '', '']);
    expect(stats.rejectedByReason).toEqual({ maid_invalid: 2, no_identifier: 0 });
  });

  it('passes a pre-hashed value through lower-cased, for any type', async () => {
    const hex = sha256Hex('someone@example.com');
    for (const type of ['EMAIL', 'PHONE', 'AAID'] as const) {
      const { byRow } = await hashes(type, [` ${hex.toUpperCase()} `]);
      expect(byRow).toEqual([hex]);
    }
  });

  it('counts blank values as missing, not rejected, and rows with none as no_identifier', async () => {
    const { byRow, stats } = await hashes('EMAIL', [null, '', '   ', '\u00a0\u3000', 'a@b.co']);
    expect(byRow[4]).toBe(sha256Hex('a@b.co'));
    expect(stats).toEqual<NormalizeStats>({
      rowsRead: 5,
      rowsWithIdentifier: 1,
      validByType: { EMAIL: 1 },
      rejectedByReason: { email_invalid: 0, no_identifier: 4 },
    });
  });

  it('numbers rows in source order and pairs every identifier with its row', async () => {
    await duck.run(`CREATE OR REPLACE TABLE people AS SELECT * FROM (VALUES
      ('a@x.co', '+12065550100'), ('b@x.co', NULL), (NULL, '2125550199')) AS t(email, phone)`);
    await buildDesiredPairs(duck.connection, {
      relationSql: 'people',
      columns: { email: 'email', phone: 'phone' },
      idTypes: ['EMAIL', 'PHONE'],
      defaultRegion: 'US',
    });
    const rows = await duck.run(
      `SELECT rid, id_type, lower(hex(hash)) AS h FROM desired_pairs ORDER BY rid, id_type`,
    );
    expect(rows.map((r) => [Number(r.rid), Number(r.id_type), r.h])).toEqual([
      [0, 0, sha256Hex('a@x.co')],
      [0, 1, sha256Hex('+12065550100')],
      [1, 0, sha256Hex('b@x.co')],
      [2, 1, sha256Hex('+12125550199')],
    ]);
  });

  it('reads a numeric phone column of a CSV as its text', async () => {
    const path = join(dir, 'numeric.csv');
    writeFileSync(path, 'email,phone\na@x.co,2065550100\nb@x.co,12125550199\n');
    const relationSql = `read_csv(${sqlText(path)}, header = true)`;
    const [described] = await duck.run(`SELECT typeof(phone) AS t FROM ${relationSql} LIMIT 1`);
    expect(described?.t).toBe('BIGINT');
    await buildDesiredPairs(duck.connection, {
      relationSql,
      columns: { phone: 'phone' },
      idTypes: ['PHONE'],
      defaultRegion: 'US',
    });
    const rows = await duck.run(`SELECT lower(hex(hash)) AS h FROM desired_pairs ORDER BY rid`);
    expect(rows.map((r) => r.h)).toEqual([sha256Hex('+12065550100'), sha256Hex('+12125550199')]);
  });

  it('reads a file source as src/sources spells it', async () => {
    const path = join(dir, 'customers.csv');
    writeFileSync(path, 'email,phone\n" A@X.CO ",+1 206 555 0100\n');
    const stats = await buildDesiredPairs(duck.connection, {
      relationSql: sourceRelationSql({ kind: 'file', path, format: 'csv' }),
      columns: { email: 'email', phone: 'phone' },
      idTypes: ['EMAIL', 'PHONE'],
      defaultRegion: 'US',
    });
    expect(stats.validByType).toEqual({ EMAIL: 1, PHONE: 1 });
  });

  it('names a missing column and refuses an unknown region', async () => {
    const opts = { relationSql: 'SELECT 1 AS email', idTypes: ['PHONE'] as IdType[], defaultRegion: 'US' };
    await expect(buildDesiredPairs(duck.connection, { ...opts, columns: { phone: 'tel' } })).rejects.toThrow(
      SourceError,
    );
    await expect(buildDesiredPairs(duck.connection, { ...opts, columns: { phone: 'tel' } })).rejects.toThrow(
      /Column "tel" not found/,
    );
    await expect(
      buildDesiredPairs(duck.connection, { ...opts, columns: { email: 'email' }, defaultRegion: 'ZZ' }),
    ).rejects.toThrow(/Unknown phone region/);
  });

  it('treats a chosen type without a column as missing in every row', async () => {
    const stats = await buildDesiredPairs(duck.connection, {
      relationSql: `SELECT * FROM (VALUES ('a@x.co'), (NULL)) AS t(email)`,
      columns: { email: 'email' },
      idTypes: ['EMAIL', 'PHONE'],
      defaultRegion: 'US',
    });
    expect(stats).toEqual<NormalizeStats>({
      rowsRead: 2,
      rowsWithIdentifier: 1,
      validByType: { EMAIL: 1, PHONE: 0 },
      rejectedByReason: { email_invalid: 0, phone_invalid: 0, no_identifier: 1 },
    });
  });
});
