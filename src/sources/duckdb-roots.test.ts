import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectRows } from './chunk.js';
import { describeColumns, streamRows } from './duck-source.js';
import { openDuck, sourceAccess, withDuck } from './duckdb.js';
import { SourceError } from './errors.js';
import { copyFirstRows } from './first-rows.js';
import { sqlString } from './relation.js';
import { parseSourceArg, type DuckSource } from './spec.js';

let base: string;
let root: string;
let work: string;
let elsewhere: string;
let outsideCsv: string;
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'ttads-roots-'));
  root = join(base, 'exports');
  work = join(base, 'data');
  mkdirSync(join(root, 'daily'), { recursive: true });
  mkdirSync(work);
  writeFileSync(join(root, 'daily', 'customers.csv'), 'email,phone\na@example.com,+33612345678\n');
  // Another temp directory, as a file the server could read but no root names.
  elsewhere = mkdtempSync(join(tmpdir(), 'ttads-elsewhere-'));
  outsideCsv = join(elsewhere, 'secret.csv');
  writeFileSync(outsideCsv, 'email\nsecret@example.com\n');
});
afterAll(() => {
  rmSync(base, { recursive: true, force: true });
  rmSync(elsewhere, { recursive: true, force: true });
});

/** A file or DuckDB SQL source, as parsed for a run. */
const duckSource = (text: string) => parseSourceArg(text) as DuckSource;

const confined = () => ({ duckOptions: sourceAccess([root], { directories: [work] }) });

/** The typed error a read outside the roots fails with. */
async function refusal(read: Promise<unknown>): Promise<SourceError> {
  const error = await read.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SourceError);
  const source = error as SourceError;
  expect(source.code).toBe('outside_source_roots');
  expect(source.message).toMatch(
    new RegExp(
      `^Source query reads outside the allowed source directories \\(TTADS_SOURCE_ROOTS: ${root}\\): Permission Error`,
    ),
  );
  return source;
}

describe('with source roots set', () => {
  it('reads files and globs inside a root', async () => {
    const file = duckSource(join(root, 'daily', 'customers.csv'));
    expect((await describeColumns(file, confined())).map((c) => c.name)).toEqual(['email', 'phone']);
    const glob = duckSource(`SELECT email FROM read_csv('${root}/**/*.csv')`);
    expect(await collectRows(streamRows(glob, confined()))).toEqual([{ email: 'a@example.com' }]);
  });

  it('refuses a system file and a file in another temp dir, saying which setting to change', async () => {
    const passwd = duckSource("SELECT * FROM read_text('/etc/hostname')");
    const error = await refusal(describeColumns(passwd, confined()));
    expect(error.message).toContain('/etc/hostname');
    await refusal(collectRows(streamRows(duckSource(outsideCsv), confined())));
    await refusal(
      collectRows(
        streamRows(duckSource(`SELECT * FROM '${root}/../../${basename(elsewhere)}/secret.csv'`), confined()),
      ),
    );
  });

  it('refuses through every way a Duck runs SQL, and in the preview', async () => {
    await withDuck(
      async (duck) => {
        const sql = `SELECT * FROM read_csv(${sqlString(outsideCsv)})`;
        await refusal(duck.run(sql));
        await refusal(duck.describe(sql));
        await refusal(collectRows(duck.stream(sql)));
        await refusal(copyFirstRows(duckSource(sql), duck, 5));
      },
      sourceAccess([root]),
    );
  });

  it('keeps a query from lifting the restriction', async () => {
    await withDuck(
      async (duck) => {
        await expect(duck.run("SET allowed_directories = ['/']")).rejects.toThrow(
          /Cannot change .*allowed_directories/,
        );
        await expect(duck.run('SET enable_external_access = true')).rejects.toThrow(
          /Cannot (enable external access|change .*enable_external_access)/,
        );
        await expect(duck.run("SELECT * FROM read_csv('https://example.com/x.csv')")).rejects.toThrow(
          SourceError,
        );
      },
      sourceAccess([root]),
    );
  });

  it('lets ttads write in its work directories and the spill directory', async () => {
    await withDuck(
      async (duck) => {
        const out = join(work, 'plan.parquet');
        await duck.run(`COPY (SELECT 1 AS x) TO ${sqlString(out)} (FORMAT parquet)`);
        expect(await duck.run(`SELECT x FROM read_parquet(${sqlString(out)})`)).toEqual([{ x: 1 }]);
        await refusal(duck.run(`COPY (SELECT 1 AS x) TO ${sqlString(join(elsewhere, 'out.csv'))}`));
        // Beyond its memory limit DuckDB spills to its temp directory, which stays allowed.
        const [row] = await duck.run(
          'SELECT count(DISTINCT h)::INTEGER AS n FROM (SELECT md5(range::VARCHAR) AS h FROM range(1500000))',
        );
        expect(row?.n).toBe(1_500_000);
      },
      {
        ...sourceAccess([root], { directories: [work] }),
        memoryLimit: '64MB',
        threads: 1,
      },
    );
  });

  it('lets ttads write a single work file without opening its directory', async () => {
    const rejects = join(elsewhere, 'run-1.csv');
    await withDuck(
      async (duck) => {
        await duck.run(`COPY (SELECT 1 AS x) TO ${sqlString(rejects)} (HEADER)`);
        await refusal(duck.run(`SELECT * FROM read_csv(${sqlString(outsideCsv)})`));
      },
      sourceAccess([root], { files: [rejects] }),
    );
    expect(existsSync(rejects)).toBe(true);
  });
});

describe('with source roots unset', () => {
  it('reads any file the process can, as before', async () => {
    const rows = await collectRows(
      streamRows(duckSource(outsideCsv), { duckOptions: sourceAccess(undefined) }),
    );
    expect(rows).toEqual([{ email: 'secret@example.com' }]);
    const duck = await openDuck();
    try {
      expect((await duck.run("SELECT count(*)::INTEGER AS n FROM read_text('/etc/hostname')"))[0]?.n).toBe(1);
    } finally {
      duck.close();
    }
  });
});
