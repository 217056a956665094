import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audienceRelation } from '../audiences/source-relation.js';
import { stageSource } from '../events/staging.js';
import { sourceFingerprint } from '../orchestrations/fingerprint.js';
import { sourceColumnNames } from '../orchestrations/control-group.js';
import { collectRows } from './chunk.js';
import { countRows, describeColumns, streamRows } from './duck-source.js';
import { openDuck, type Duck } from './duckdb.js';
import { NotOneSelectError, SourceError } from './errors.js';
import { copyFirstRows } from './first-rows.js';
import { parseSourceArg, type DuckSource } from './spec.js';
import { checkSourceQuery } from './statement.js';

let dir: string;
let csv: string;
let duck: Duck;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ttads-statement-'));
  csv = join(dir, 'people.csv');
  writeFileSync(csv, 'email\nann@example.com\n');
  duck = await openDuck();
});
afterAll(() => {
  duck.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What a call failed with (it must fail). */
async function failure(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => expect.fail('expected a refusal'),
    (error: unknown) => error,
  );
}

/** Expects a refusal with the one-SELECT message. */
async function refused(work: Promise<unknown>): Promise<void> {
  const error = await failure(work);
  expect(error).toBeInstanceOf(NotOneSelectError);
  expect((error as SourceError).code).toBe('not_one_select');
  expect((error as Error).message).toMatch(/^a source query is one SELECT statement/);
}

describe('checkSourceQuery', () => {
  it('accepts one SELECT in its forms: plain, CTE, FROM-first, VALUES, UNION, a trailing ";"', async () => {
    for (const query of [
      'SELECT 1 AS x',
      'WITH a AS (SELECT 1 AS x) SELECT * FROM a',
      `FROM '${csv}'`,
      'VALUES (1), (2)',
      'SELECT 1 UNION ALL SELECT 2',
      'SELECT 1;',
      'SELECT 1 -- a comment',
    ]) {
      await expect(checkSourceQuery(query), query).resolves.toBeUndefined();
    }
  });

  it('refuses every other kind of statement', async () => {
    for (const query of [
      `COPY (SELECT 42) TO '${join(dir, 'copy.csv')}'`,
      `ATTACH '${join(dir, 'other.duckdb')}' AS other`,
      'INSTALL httpfs',
      'LOAD httpfs',
      'PRAGMA version',
      'SET threads = 1',
      'CREATE TABLE t (a INTEGER)',
      'INSERT INTO t VALUES (1)',
      'DROP TABLE t',
      'EXPLAIN SELECT 1',
    ]) {
      await refused(checkSourceQuery(query));
    }
  });

  it('refuses several statements, each a SELECT or not', async () => {
    await refused(checkSourceQuery('SELECT 1; SELECT 2'));
    await refused(checkSourceQuery(`SELECT 1; COPY (SELECT 42) TO '${join(dir, 'x.csv')}'`));
  });

  it('refuses a SELECT calling a function with side effects or SQL the parser does not see', async () => {
    for (const query of [
      "SELECT getenv('HOME') AS email",
      "SELECT * FROM query('SELECT 1')",
      "SELECT * FROM query_table('t')",
      "SELECT nextval('s') AS id",
      'SELECT setseed(0.5)',
      'SELECT * FROM checkpoint()',
      'SELECT * FROM duckdb_secrets()',
      "WITH a AS (SELECT main.getenv('X') AS v) SELECT * FROM a",
    ]) {
      await refused(checkSourceQuery(query));
    }
  });

  it('leaves PostgreSQL syntax DuckDB does not parse to the server, and refuses what it does parse', async () => {
    await expect(
      checkSourceQuery("SELECT 'a'::regclass OPERATOR(pg_catalog.=) 1", 'postgres'),
    ).resolves.toBeUndefined();
    await refused(checkSourceQuery('DELETE FROM people', 'postgres'));
    await refused(checkSourceQuery('SELECT 1; DROP TABLE people', 'postgres'));
    await refused(checkSourceQuery("SELECT set_config('statement_timeout', '0', false)", 'postgres'));
  });
});

/**
 * A query that closes the parentheses ttads wraps it in (`depth` of them: some reads nest the source twice)
 * and adds a COPY that would create `target`.
 */
function breakout(target: string, depth: number): DuckSource {
  const close = ')'.repeat(depth);
  const open = '('.repeat(depth);
  return parseSourceArg(
    `SELECT 'a@example.com' AS email${close} AS a; COPY (SELECT 42) TO '${target}'; SELECT * FROM ${open}SELECT 'a@example.com' AS email`,
  ) as DuckSource;
}

describe('a query that breaks out of the wrapping parentheses', () => {
  const cases: [string, (spec: DuckSource) => Promise<unknown>][] = [
    ['describe (relation.ts)', (spec) => describeColumns(spec, { duck })],
    ['count (relation.ts)', (spec) => countRows(spec, { duck })],
    ['stream (relation.ts)', (spec) => collectRows(streamRows(spec, { duck }))],
    ['preview (LIMIT)', (spec) => copyFirstRows(spec, duck, 5)],
    ['events staging', (spec) => stageSource(spec, duck, { required: ['email'] })],
    ['audience sync', (spec) => audienceRelation(duck, spec, {})],
    ['fingerprint', (spec) => sourceFingerprint(spec)],
    ['control group', (spec) => sourceColumnNames(spec)],
  ];
  for (const [name, read] of cases) {
    it(`is refused before it runs: ${name}`, async () => {
      for (const depth of [1, 2]) {
        const target = join(dir, `pwned-${name.replace(/\W+/g, '-')}-${depth}.csv`);
        const attempt = read(breakout(target, depth));
        // The wrapper's own depth gives several statements; another depth does not even parse.
        if (depth === 1) await refused(attempt);
        else expect(await failure(attempt)).toBeInstanceOf(SourceError);
        expect(existsSync(target)).toBe(false);
      }
    });
  }

  it('is named as several statements when the query alone parses', async () => {
    await refused(describeColumns(parseSourceArg('SELECT 1 AS email; SELECT 2') as DuckSource, { duck }));
  });
});

describe('file paths and globs', () => {
  it('are read as before: they are not SQL', async () => {
    expect((await describeColumns(parseSourceArg(csv) as DuckSource, { duck })).map((c) => c.name)).toEqual([
      'email',
    ]);
    const glob = parseSourceArg(join(dir, 'peo*.csv')) as DuckSource;
    expect(await collectRows(streamRows(glob, { duck }))).toEqual([{ email: 'ann@example.com' }]);
  });
});
