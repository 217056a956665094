import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectRows } from './chunk.js';
import { SourceError } from './errors.js';
import { countSourceRows, describeSource, streamSource } from './index.js';
import { streamPostgres } from './postgres.js';
import type { PostgresSource } from './spec.js';

const URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `sources_test_${randomBytes(6).toString('hex')}`;
let admin: pg.Client;

beforeAll(async () => {
  admin = new pg.Client({ connectionString: URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.query(`CREATE TABLE ${schema}.customers (
    id int, email text, phone varchar(20), joined timestamptz, seen timestamp, born date, vip boolean, spent numeric(10,2))`);
  await admin.query(`INSERT INTO ${schema}.customers VALUES
    (1, 'ann@example.com', '+12065550100', '2024-05-01 12:00:00+02', '2024-05-01 10:00:00.25', '1990-02-03', true, 12.50),
    (2, 'bob@example.com', NULL, NULL, NULL, NULL, false, 0),
    (3, 'cy@example.com', '0612345678', 'infinity', '2024-01-01 00:00:00', '2000-01-01', NULL, 1)`);
});
afterAll(async () => {
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
});

const source = (query: string): PostgresSource => ({ kind: 'postgres', url: URL, query });

describe('PostgreSQL sources', () => {
  it('stream rows as text: ISO UTC timestamps, ISO dates, true/false, nulls', async () => {
    const rows = await collectRows(streamSource(source(`SELECT * FROM ${schema}.customers ORDER BY id`)));
    expect(rows[0]).toEqual({
      id: '1',
      email: 'ann@example.com',
      phone: '+12065550100',
      joined: '2024-05-01T10:00:00Z',
      seen: '2024-05-01T10:00:00.25Z',
      born: '1990-02-03',
      vip: 'true',
      spent: '12.50',
    });
    expect(rows[1]).toMatchObject({ phone: null, joined: null, vip: 'false' });
    expect(rows[2]).toMatchObject({ joined: 'infinity', seen: '2024-01-01T00:00:00Z', vip: null });
  });

  it('reads in chunks through a cursor and selects columns', async () => {
    const sizes: number[] = [];
    const emails: (string | null)[] = [];
    const spec = source(`SELECT * FROM ${schema}.customers ORDER BY id`);
    for await (const chunk of streamPostgres(spec, { chunkRows: 2, columns: ['email'] })) {
      sizes.push(chunk.rowCount);
      expect(Object.keys(chunk.columns)).toEqual(['email']);
      emails.push(...(chunk.columns.email ?? []));
    }
    expect(sizes).toEqual([2, 1]);
    expect(emails).toEqual(['ann@example.com', 'bob@example.com', 'cy@example.com']);
  });

  it('uses a given client and leaves it open; binds parameters; keeps repeated names apart', async () => {
    const spec = source(
      `SELECT c.id, d.id, c.email FROM ${schema}.customers c JOIN ${schema}.customers d USING (id) WHERE c.id = $1`,
    );
    const rows = await collectRows(streamPostgres(spec, { client: admin, params: [2] }));
    expect(rows).toEqual([{ id: '2', id_1: '2', email: 'bob@example.com' }]);
    expect((await admin.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('describes and counts', async () => {
    const spec = source(`SELECT id, email, joined FROM ${schema}.customers`);
    expect(await describeSource(spec)).toEqual([
      { name: 'id', type: 'int4' },
      { name: 'email', type: 'text' },
      { name: 'joined', type: 'timestamptz' },
    ]);
    expect(await countSourceRows(spec)).toBe(3);
  });

  it('reports a bad query as sql_error and a missing column as column_missing', async () => {
    await expect(collectRows(streamSource(source(`SELECT * FROM ${schema}.nope`)))).rejects.toMatchObject({
      code: 'sql_error',
      message: expect.stringContaining(`${schema}.nope`) as string,
    });
    const spec = source(`SELECT id FROM ${schema}.customers`);
    await expect(collectRows(streamPostgres(spec, { columns: ['email'] }))).rejects.toMatchObject({
      code: 'column_missing',
      message: expect.stringContaining('Columns found: id') as string,
    });
  });

  it('reports a refused connection without the password', async () => {
    const spec: PostgresSource = {
      kind: 'postgres',
      url: 'postgres://u:hunter2@127.0.0.1:1/x',
      query: 'SELECT 1',
    };
    const error = await collectRows(streamSource(spec)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).code).toBe('connection_failed');
    expect((error as SourceError).message).not.toContain('hunter2');
  });

  it('gives the same text whatever the session time zone and date style', async () => {
    const client = new pg.Client({
      connectionString: URL,
      options: '-c TimeZone=Asia/Tokyo -c DateStyle=SQL,DMY',
    });
    await client.connect();
    try {
      const spec = source(`SELECT joined, born FROM ${schema}.customers WHERE id = 1`);
      expect(await collectRows(streamPostgres(spec, { client }))).toEqual([
        { joined: '2024-05-01T10:00:00Z', born: '1990-02-03' },
      ]);
    } finally {
      await client.end();
    }
  });
});
