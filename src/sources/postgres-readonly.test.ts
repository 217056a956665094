import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sourceFingerprint } from '../orchestrations/fingerprint.js';
import { collectRows } from './chunk.js';
import { openDuck, type Duck } from './duckdb.js';
import { SourceError } from './errors.js';
import { copyFirstRows } from './first-rows.js';
import { countSourceRows, describeSource, streamSource } from './index.js';
import { parseSourceArg, type PostgresSource } from './spec.js';

const URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `readonly_test_${randomBytes(6).toString('hex')}`;
const table = `${schema}.people`;
let admin: pg.Client;
let duck: Duck;

beforeAll(async () => {
  admin = new pg.Client({ connectionString: URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.query(`CREATE TABLE ${table} (email text)`);
  await admin.query(`CREATE SEQUENCE ${schema}.ids`);
  duck = await openDuck();
});
beforeEach(async () => {
  await admin.query(`TRUNCATE ${table}`);
  await admin.query(`INSERT INTO ${table} VALUES ('ann@example.com'), ('bob@example.com')`);
});
afterAll(async () => {
  duck?.close();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
});

/** A `pg:` source as a run reads it. */
const source = (query: string, statementTimeoutMs?: number): PostgresSource =>
  parseSourceArg(`pg:${query}`, { databaseUrl: URL, statementTimeoutMs }) as PostgresSource;

/** Every way ttads reads a PostgreSQL source. */
const reads: [string, (spec: PostgresSource) => Promise<unknown>][] = [
  ['describe', (spec) => describeSource(spec)],
  ['count', (spec) => countSourceRows(spec)],
  ['stream (cursor)', (spec) => collectRows(streamSource(spec))],
  ['preview (LIMIT)', (spec) => copyFirstRows(spec, duck, 5)],
  ['fingerprint', (spec) => sourceFingerprint(spec)],
];

/** The table as it stands, read by the test's own connection. */
async function unchanged(): Promise<void> {
  const { rows } = await admin.query<{ email: string }>(`SELECT email FROM ${table} ORDER BY email`);
  expect(rows.map((r) => r.email)).toEqual(['ann@example.com', 'bob@example.com']);
  const created = await admin.query(`SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = 'pwned'`, [
    schema,
  ]);
  expect(created.rowCount).toBe(0);
}

async function failure(work: Promise<unknown>): Promise<SourceError> {
  const error = await work.then(
    () => expect.fail('expected a refusal'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SourceError);
  return error as SourceError;
}

describe('PostgreSQL sources are one read-only SELECT', () => {
  const attacks = [
    `DELETE FROM ${table}`,
    `INSERT INTO ${table} VALUES ('eve@example.com')`,
    `CREATE TABLE ${schema}.pwned (a int)`,
    `DROP TABLE ${table}`,
    `SELECT 1 AS email; DROP TABLE ${table}`,
    // Closes the parentheses every wrapper puts around the query, then adds statements.
    `SELECT 'a' AS email) AS a; DELETE FROM ${table}; CREATE TABLE ${schema}.pwned (a int); SELECT * FROM (SELECT 'a' AS email`,
    `SELECT 'a' AS email) AS a) AS b; DELETE FROM ${table}; CREATE TABLE ${schema}.pwned (a int); SELECT * FROM ((SELECT 'a' AS email`,
    // Writes a SELECT can make: refused by the READ ONLY transaction.
    `WITH gone AS (DELETE FROM ${table} RETURNING email) SELECT * FROM gone`,
    `SELECT nextval('${schema}.ids') AS email`,
  ];
  for (const [name, read] of reads) {
    it(`refuses DDL, DML and several statements, changing nothing: ${name}`, async () => {
      for (const query of attacks) {
        const error = await failure(read(source(query)));
        expect(['not_one_select', 'sql_error'], `${query}: ${error.message}`).toContain(error.code);
        await unchanged();
      }
    });
  }

  it('names the refusal clearly', async () => {
    for (const query of [`DELETE FROM ${table}`, `SELECT 1 AS email; DROP TABLE ${table}`]) {
      const error = await failure(describeSource(source(query)));
      expect(error.code).toBe('not_one_select');
      expect(error.message).toMatch(/^a source query is one SELECT statement/);
    }
    // Text DuckDB's parser leaves to the server: the extended protocol refuses the second statement.
    const error = await failure(
      countSourceRows(source(`SELECT 'x'::regclass::text AS email) AS a; DROP TABLE ${table}; SELECT (1`)),
    );
    expect(error.code).toBe('not_one_select');
    await unchanged();
  });

  it('still reads a SELECT, a CTE and parameters', async () => {
    expect(await collectRows(streamSource(source(`SELECT email FROM ${table} ORDER BY email`)))).toEqual([
      { email: 'ann@example.com' },
      { email: 'bob@example.com' },
    ]);
    const cte = source(`WITH p AS (SELECT email FROM ${table}) SELECT count(*) AS n FROM p`);
    expect(await collectRows(streamSource(cte))).toEqual([{ n: '2' }]);
    expect(
      await countSourceRows(source(`SELECT email FROM ${table} WHERE email = $1`), {
        params: ['ann@example.com'],
      }),
    ).toBe(1);
  });

  it('stops a statement at the statement timeout', async () => {
    const started = Date.now();
    const error = await failure(collectRows(streamSource(source('SELECT pg_sleep(5) AS email', 300))));
    expect(error.message).toMatch(/statement timeout/);
    expect(Date.now() - started).toBeLessThan(4000);
  });
});
