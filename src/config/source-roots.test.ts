import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  copyFirstRows,
  openDuck,
  parseSourceArg,
  sourceAccess,
  SourceError,
  type Duck,
} from '../sources/index.js';
import { resolveSettings } from './settings.js';
import { confinedSettings, defaultSourceRoot } from './source-roots.js';

const SECRET = 'k3y-that-must-never-leave-the-server';
let base: string;
let dataDir: string;
let duck: Duck;
let roots: readonly string[];
beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'ttads-confined-'));
  dataDir = join(base, 'data');
  mkdirSync(dataDir);
  writeFileSync(join(dataDir, 'secret.key'), SECRET);
  roots = confinedSettings(resolveSettings({ dataDir }, {})).sourceRoots ?? [];
  writeFileSync(join(base, 'sources', 'people.csv'), 'email\nann@example.com\n');
  duck = await openDuck(sourceAccess(roots));
});
afterAll(() => {
  duck?.close();
  rmSync(base, { recursive: true, force: true });
});

describe('the source roots of serve and worker', () => {
  it('default to a sources directory beside the data directory, created when missing', () => {
    expect(roots).toEqual([join(base, 'sources')]);
    expect(existsSync(join(base, 'sources'))).toBe(true);
  });

  it('are the configured ones when TTADS_SOURCE_ROOTS is set', () => {
    const settings = resolveSettings({ dataDir }, { TTADS_SOURCE_ROOTS: '/srv/exports' });
    expect(confinedSettings(settings).sourceRoots).toEqual(['/srv/exports']);
  });

  it('are never the data directory itself', () => {
    expect(() => defaultSourceRoot(join(base, 'sources'))).toThrow(/TTADS_SOURCE_ROOTS/);
  });
});

describe('a DuckDB confined to the default roots', () => {
  /** Runs `sql` and expects DuckDB to refuse it, without the secret key in the message. */
  async function refused(sql: string): Promise<string> {
    const error = await duck.run(sql).then(
      () => expect.fail(`expected ${sql} to be refused`),
      (e: unknown) => e as Error,
    );
    expect(error.message).not.toContain(SECRET);
    expect(error.message).not.toMatch(/root:x:0/);
    return error.message;
  }

  it('reads a source in the roots', async () => {
    const first = await copyFirstRows(parseSourceArg(join(roots[0] ?? '', 'people.csv')), duck, 5);
    expect(first.rows).toEqual([{ email: 'ann@example.com' }]);
  });

  it('refuses to read /etc/passwd or the secret key through any table function or glob', async () => {
    for (const file of ['/etc/passwd', join(dataDir, 'secret.key')]) {
      for (const sql of [
        `SELECT error(content) FROM read_text('${file}')`,
        `SELECT * FROM read_blob('${file}')`,
        `SELECT * FROM read_csv('${file}', header = false)`,
        `SELECT * FROM read_json_objects('${file}')`,
        `SELECT * FROM read_parquet('${file}')`,
        `SELECT * FROM glob('${file}')`,
        `SELECT * FROM glob('${join(dataDir, '*')}')`,
      ]) {
        expect(await refused(sql)).toMatch(/outside the allowed source directories|Permission Error/);
      }
    }
  });

  it('refuses ATTACH, INSTALL, LOAD and COPY TO, and creates no file', async () => {
    const attached = join(base, 'attached.duckdb');
    const copied = join(base, 'copied.csv');
    await refused(`ATTACH '${attached}' AS other`);
    await refused('INSTALL httpfs');
    await refused('LOAD httpfs');
    await refused(`COPY (SELECT 42) TO '${copied}'`);
    await refused(`COPY (SELECT 42) TO '${join(dataDir, 'copied.csv')}'`);
    expect([attached, copied, join(dataDir, 'copied.csv')].filter((f) => existsSync(f))).toEqual([]);
  });

  it('has its configuration locked', async () => {
    expect(duck.locked).toBe(true);
    expect(await refused("SET memory_limit = '8GB'")).toMatch(/locked/);
    expect(await refused('SET enable_external_access = true')).toMatch(/locked|Cannot/);
  });

  it('refuses the secret key through the preview read as a typed source error', async () => {
    const spec = parseSourceArg(
      `SELECT error(content) AS email FROM read_text('${join(dataDir, 'secret.key')}')`,
    );
    const error = await copyFirstRows(spec, duck, 5).then(
      () => expect.fail('expected a refusal'),
      (e: unknown) => e as SourceError,
    );
    expect(error).toBeInstanceOf(SourceError);
    expect(error.code).toBe('outside_source_roots');
    expect(error.message).not.toContain(SECRET);
  });
});
