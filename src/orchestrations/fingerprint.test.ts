import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceSpec } from '../sources/index.js';
import { testDatabaseUrl } from '../store/store.test-support.js';
import { canonicalJson, runFingerprint, sourceFingerprint } from './fingerprint.js';
import type { RunSettings } from './run-settings.js';

describe('source fingerprints', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ttads-fp-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('changes for a file when its size or modification time changes, not otherwise', async () => {
    const path = join(dir, 'a.csv');
    await writeFile(path, 'email\na@x.com\n');
    const spec: SourceSpec = { kind: 'file', path, format: 'csv' };
    const first = await sourceFingerprint(spec);
    expect(first).toMatch(/^files:/);
    expect(await sourceFingerprint(spec)).toBe(first);
    await utimes(path, new Date(), new Date(Date.now() + 5_000));
    const touched = await sourceFingerprint(spec);
    expect(touched).not.toBe(first);
    await writeFile(path, 'email\nb@x.com\nc@x.com\n');
    expect(await sourceFingerprint(spec)).not.toBe(touched);
  });

  it('covers every file a glob matches', async () => {
    await writeFile(join(dir, 'part-1.csv'), 'email\na@x.com\n');
    const spec: SourceSpec = { kind: 'file', path: join(dir, 'part-*.csv'), format: 'csv' };
    const one = await sourceFingerprint(spec);
    await writeFile(join(dir, 'part-2.csv'), 'email\nb@x.com\n');
    expect(await sourceFingerprint(spec)).not.toBe(one);
  });

  it('hashes the result of a DuckDB query: row order does not matter, a changed or repeated row does', async () => {
    const q = (rows: string) =>
      ({ kind: 'sql', query: `SELECT * FROM (VALUES ${rows}) AS v(email, n)` }) as const;
    const base = await sourceFingerprint(q("('a@x.com', 1), ('b@x.com', 2)"));
    expect(base).toMatch(/^duckdb:/);
    expect(await sourceFingerprint(q("('b@x.com', 2), ('a@x.com', 1)"))).toBe(base);
    expect(await sourceFingerprint(q("('a@x.com', 1), ('b@x.com', 3)"))).not.toBe(base);
    const twice = "('a@x.com', 1), ('b@x.com', 2), ('c@x.com', 3), ('c@x.com', 3)";
    expect(await sourceFingerprint(q(twice))).not.toBe(
      await sourceFingerprint(q("('a@x.com', 1), ('b@x.com', 2), ('d@x.com', 4), ('d@x.com', 4)")),
    );
  });

  it('hashes the result of a PostgreSQL query in PostgreSQL', async () => {
    const pg = (rows: string): SourceSpec => ({
      kind: 'postgres',
      url: testDatabaseUrl(),
      query: `SELECT * FROM (VALUES ${rows}) AS v(email, n)`,
    });
    const base = await sourceFingerprint(pg("('a@x.com', 1), ('b@x.com', 2)"));
    expect(base).toMatch(/^pg:/);
    expect(await sourceFingerprint(pg("('b@x.com', 2), ('a@x.com', 1)"))).toBe(base);
    expect(await sourceFingerprint(pg("('a@x.com', 1)"))).not.toBe(base);
  });

  it('includes the settings of the run, whatever the order of their keys', () => {
    const run = {
      source: 'a.csv',
      plugin: 'tiktok_custom_audiences',
      destinationId: 'd',
      templateId: 't',
      settings: { advertiserId: '1', customAudienceName: 'A' },
      options: {},
    } as unknown as RunSettings;
    const reordered = { ...run, settings: { customAudienceName: 'A', advertiserId: '1' } };
    expect(runFingerprint(reordered, 'files:x')).toBe(runFingerprint(run, 'files:x'));
    expect(
      runFingerprint({ ...run, settings: { ...run.settings, customAudienceName: 'B' } }, 'files:x'),
    ).not.toBe(runFingerprint(run, 'files:x'));
    expect(runFingerprint(run, 'files:y')).not.toBe(runFingerprint(run, 'files:x'));
    expect(canonicalJson({ b: [{ d: 1, c: 2 }], a: null })).toBe('{"a":null,"b":[{"c":2,"d":1}]}');
  });
});
