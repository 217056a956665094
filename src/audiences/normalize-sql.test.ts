import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashRow, type IdType } from '../identity/index.js';
import { openDuck, type Duck } from '../sources/index.js';
import { resolvePendingSql } from './normalize-pending.js';
import { sampleRows, type SampleRow } from './normalize-samples.test-support.js';
import {
  normalizeSelectSql,
  ROW_NONE_PRESENT,
  ROW_NONE_VALID,
  type TypedColumn,
} from './normalize-select.js';
import { buildDesiredPairs, ID_TYPE_CODE, type NormalizeStats } from './normalize-sql.js';
import { registerHashUdf } from './normalize-udf.js';

const ALL: IdType[] = ['EMAIL', 'PHONE', 'IDFA', 'AAID'];
const FIELDS = ['email', 'phone', 'idfa', 'aaid'] as const;
const COLUMNS = { email: 'email', phone: 'phone', idfa: 'idfa', aaid: 'aaid' };

let duck: Duck;
beforeAll(async () => {
  duck = await openDuck({ threads: 2, memoryLimit: '256MB' });
});
afterAll(() => duck.close());

/** Loads rows as table `src` with the exact strings (and NULLs) given. */
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

async function build(idTypes: IdType[] = ALL, region = 'US'): Promise<NormalizeStats> {
  return buildDesiredPairs(duck.connection, {
    relationSql: 'SELECT * FROM src',
    columns: COLUMNS,
    idTypes,
    defaultRegion: region,
  });
}

/** desired_pairs as `rid -> ['code:hex', ...]` (sorted). */
async function pairsByRow(table = 'desired_pairs'): Promise<Map<number, string[]>> {
  const rows = await duck.run(
    `SELECT rid, id_type, lower(hex(hash)) AS h FROM ${table} ORDER BY rid, id_type, h`,
  );
  const byRow = new Map<number, string[]>();
  for (const { rid, id_type, h } of rows) {
    const key = Number(rid);
    byRow.set(key, [...(byRow.get(key) ?? []), `${Number(id_type)}:${(h as string | null) ?? ''}`]);
  }
  for (const pairs of byRow.values()) pairs.sort();
  return byRow;
}

/** What identity says about one row, in the same 'code:hex' form (rejects and markers with no hash). */
function expectedRow(row: SampleRow, idTypes: readonly IdType[], region: string): string[] {
  const { hashes, rejects } = hashRow(row, idTypes, { defaultRegion: region });
  const out = Object.entries(hashes).map(([type, hash]) => `${ID_TYPE_CODE[type as IdType]}:${hash}`);
  for (const type of idTypes) {
    const value = row[type.toLowerCase() as keyof SampleRow];
    const given = value !== null && value.trim() !== '';
    if (given && hashes[type] === undefined) out.push(`${100 + ID_TYPE_CODE[type]}:`);
  }
  if (rejects.includes('no_identifier')) out.push(`${ROW_NONE_PRESENT}:`);
  else if (Object.keys(hashes).length === 0) out.push(`${ROW_NONE_VALID}:`);
  return out.sort();
}

function expectedStats(
  rows: readonly SampleRow[],
  idTypes: readonly IdType[],
  region: string,
): NormalizeStats {
  const validByType: Partial<Record<IdType, number>> = Object.fromEntries(idTypes.map((t) => [t, 0]));
  const rejectedByReason: Record<string, number> = { no_identifier: 0 };
  for (const t of idTypes)
    rejectedByReason[t === 'EMAIL' ? 'email_invalid' : t === 'PHONE' ? 'phone_invalid' : 'maid_invalid'] = 0;
  let rowsWithIdentifier = 0;
  for (const row of rows) {
    const { hashes, rejects } = hashRow(row, idTypes, { defaultRegion: region });
    for (const type of Object.keys(hashes) as IdType[]) validByType[type] = (validByType[type] ?? 0) + 1;
    for (const reason of rejects) rejectedByReason[reason] = (rejectedByReason[reason] ?? 0) + 1;
    if (Object.keys(hashes).length > 0) rowsWithIdentifier++;
  }
  return { rowsRead: rows.length, rowsWithIdentifier, validByType, rejectedByReason };
}

describe('buildDesiredPairs equals identity', () => {
  const rows = sampleRows(2500);

  it.each(['US', 'GB', 'CA', 'DE', 'AG', 'IN'])('on generated messy rows, region %s', async (region) => {
    await load(rows);
    // Per row, including rejections and no-identifier rows: the statements before the clean-up.
    const columns: TypedColumn[] = ALL.map((type) => ({ type, ref: type.toLowerCase() }));
    await registerHashUdf(duck.connection);
    await duck.run(`CREATE OR REPLACE TEMP TABLE raw_pairs AS ${normalizeSelectSql('src', columns, region)}`);
    for (const sql of resolvePendingSql('raw_pairs', region)) await duck.run(sql);
    const got = await pairsByRow(
      `(SELECT * FROM raw_pairs WHERE id_type < 200 OR id_type >= ${ROW_NONE_VALID})`,
    );
    const mismatches = rows
      .map((row, rid) => ({ rid, row, got: got.get(rid) ?? [], want: expectedRow(row, ALL, region) }))
      .filter((r) => JSON.stringify(r.got) !== JSON.stringify(r.want))
      .slice(0, 5);
    expect(mismatches).toEqual([]);

    const stats = await build(ALL, region);
    expect(stats).toEqual(expectedStats(rows, ALL, region));
    const final = await pairsByRow();
    const valid = rows.map((row, rid) => ({
      rid,
      want: expectedRow(row, ALL, region).filter((p) => Number(p.split(':')[0]) < 100),
    }));
    expect(valid.filter((r) => JSON.stringify(final.get(r.rid) ?? []) !== JSON.stringify(r.want))).toEqual(
      [],
    );
  });

  it('counts per chosen type only, reading only the chosen columns', async () => {
    await load(rows.slice(0, 500));
    const stats = await buildDesiredPairs(duck.connection, {
      relationSql: 'SELECT email, phone FROM src',
      columns: { email: 'email', phone: 'phone', idfa: 'not_a_column' },
      idTypes: ['PHONE', 'EMAIL'],
      defaultRegion: 'US',
    });
    expect(stats).toEqual(expectedStats(rows.slice(0, 500), ['PHONE', 'EMAIL'], 'US'));
  });
});
