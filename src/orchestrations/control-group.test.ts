import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectRows,
  SourceError,
  sourceRelationSql,
  streamSource,
  withDuck,
  type SourceSpec,
} from '../sources/index.js';
import { testDatabaseUrl } from '../store/store.test-support.js';
import {
  controlKey,
  excludeControlGroup,
  heldOutHashSql,
  inControlSql,
  sourceControlKey,
} from './control-group.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

async function keptEmails(spec: SourceSpec, percent: number, seed: string): Promise<string[]> {
  const group = { percent, seed, keyColumn: null };
  const wrapped = excludeControlGroup(spec, await sourceControlKey(spec, group), group);
  const rows = await collectRows(streamSource(wrapped));
  return rows.map((r) => String(r.email ?? r.phone)).sort();
}

describe('control group draw', () => {
  let dir: string;
  let csv: SourceSpec;
  const people = Array.from({ length: 2000 }, (_, i) => `person${i}@example.com`);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ttads-control-'));
    const file = join(dir, 'people.csv');
    await writeFile(file, `email,phone\n${people.map((p) => `${p},`).join('\n')}\n,+1 (212) 555-0100\n,\n`);
    csv = { kind: 'file', path: file, format: 'csv' };
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('holds out about the asked share, the same people for the same seed', async () => {
    const kept = await keptEmails(csv, 12.5, 'seed-1');
    const held = 2002 - kept.length;
    // 2,000 keyed rows at 12.5 %: 250 expected, standard deviation about 15.
    expect(held).toBeGreaterThan(200);
    expect(held).toBeLessThan(300);
    expect(await keptEmails(csv, 12.5, 'seed-1')).toEqual(kept);
    expect(await keptEmails(csv, 12.5, 'seed-2')).not.toEqual(kept);
    // A larger share holds out everyone a smaller one did (same buckets, higher threshold).
    const kept25 = new Set(await keptEmails(csv, 25, 'seed-1'));
    expect([...kept25].every((e) => kept.includes(e))).toBe(true);
    // The row without any key is never held out.
    expect(kept).toContain('null');
  });

  it('keeps everyone at 0 % and reads an email however it is spelled', async () => {
    expect(await keptEmails(csv, 0, 's')).toHaveLength(2002);
    const spelled = join(dir, 'spelled.csv');
    await writeFile(spelled, 'email\nperson7@example.com\n  PERSON7@Example.COM \n');
    const key = controlKey('duckdb', ['email'], null);
    const bucket = await withDuck((duck) =>
      duck.run(
        `SELECT ${inControlSql('duckdb', key, { percent: 50, seed: 'x', keyColumn: null })} AS held
         FROM ${sourceRelationSql({ kind: 'file', path: spelled, format: 'csv' })} AS src`,
      ),
    );
    expect(bucket[0]?.held).toBe(bucket[1]?.held);
  });

  it('draws the same people in PostgreSQL as in DuckDB', async () => {
    const values = people
      .slice(0, 400)
      .map((p) => `('${p}')`)
      .join(', ');
    const pg: SourceSpec = {
      kind: 'postgres',
      url: testDatabaseUrl(),
      query: `SELECT email FROM (VALUES ${values}) AS v(email)`,
    };
    const sql: SourceSpec = { kind: 'sql', query: `SELECT email FROM (VALUES ${values}) AS v(email)` };
    const fromPg = await keptEmails(pg, 30, 'same-seed');
    expect(fromPg.length).toBeLessThan(400);
    expect(fromPg).toEqual(await keptEmails(sql, 30, 'same-seed'));
  });

  it('falls back to the phone digits, or uses the key column given, and hashes as TikTok would', async () => {
    const key = controlKey('duckdb', ['E-Mail', 'Mobile'], null);
    expect(key.columns).toEqual(['E-Mail', 'Mobile']);
    const rows = await withDuck((duck) =>
      duck.run(
        `SELECT ${key.typeSql} AS t, ${key.valueSql} AS v, ${heldOutHashSql(key.typeSql, key.valueSql)} AS h
         FROM (VALUES (' Ann@X.com ', '+1 212 555 0100'), (NULL, '+1 (212) 555-0100'), ('', '')) AS src("E-Mail", "Mobile")`,
      ),
    );
    expect(rows).toEqual([
      { t: 'EMAIL', v: 'ann@x.com', h: sha256('ann@x.com') },
      { t: 'PHONE', v: '12125550100', h: sha256('+12125550100') },
      { t: null, v: null, h: null },
    ]);
    expect(controlKey('postgres', ['customer_id', 'email'], 'Customer_ID').columns).toEqual(['customer_id']);
    expect(() => controlKey('duckdb', ['email'], 'customer_id')).toThrow(SourceError);
    expect(() => controlKey('duckdb', ['idfa'], null)).toThrow(/email or phone/);
  });
});
