import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectRows } from './chunk.js';
import { countRows, describeColumns, streamRows } from './duck-source.js';
import { openDuck, type Duck } from './duckdb.js';
import { SourceError } from './errors.js';
import { sqlString } from './relation.js';
import { fileFormatOf, type DuckSource } from './spec.js';
import { CUSTOMERS, writeCustomerFiles } from './customer-files.test-support.js';

let duck: Duck;
let files: Awaited<ReturnType<typeof writeCustomerFiles>>;

beforeAll(async () => {
  duck = await openDuck();
  files = await writeCustomerFiles(duck);
});
afterAll(() => {
  duck.close();
  files.cleanup();
});

function file(name: string): DuckSource {
  const format = fileFormatOf(name);
  if (!format) throw new Error(`no format for ${name}`);
  return { kind: 'file', path: files.path(name), format };
}

async function failure(promise: Promise<unknown>): Promise<SourceError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SourceError) return error;
    throw error;
  }
  throw new Error('expected a SourceError');
}

describe('file sources', () => {
  it.each([
    'customers.csv',
    'customers.csv.gz',
    'customers.tsv',
    'customers.parquet',
    'customers.json',
    'customers.jsonl',
    'customers.ndjson',
  ])('streams %s as text with nulls and exact spellings', async (name) => {
    const rows = await collectRows(streamRows(file(name), { duck, columns: ['email', 'phone', 'zip'] }));
    expect(rows).toEqual(CUSTOMERS);
  });

  it('opens and closes a private DuckDB when none is given', async () => {
    const rows = await collectRows(streamRows(file('customers.csv')));
    expect(rows).toHaveLength(3);
  });

  it('combines globbed files by column name', async () => {
    const rows = await collectRows(streamRows(file('part-*.csv'), { duck, columns: ['email', 'phone'] }));
    expect(rows.sort((a, b) => String(a.email).localeCompare(String(b.email)))).toEqual([
      { email: 'a@x.com', phone: '1' },
      { email: 'b@x.com', phone: '2' },
    ]);
  });

  it('describes and counts without streaming', async () => {
    expect(await describeColumns(file('customers.csv'), { duck })).toEqual([
      { name: 'email', type: 'VARCHAR' },
      { name: 'phone', type: 'VARCHAR' },
      { name: 'zip', type: 'VARCHAR' },
    ]);
    expect(await countRows(file('customers.parquet'), { duck })).toBe(3);
  });

  it('cuts the stream into chunks of the requested size', async () => {
    const sizes: number[] = [];
    for await (const chunk of streamRows(file('customers.csv'), { duck, chunkRows: 2 }))
      sizes.push(chunk.rowCount);
    expect(sizes).toEqual([2, 1]);
  });
});

describe('SQL sources', () => {
  it('runs DuckDB SQL over files', async () => {
    const query = `SELECT email, zip FROM ${sqlString(files.path('customers.csv'))} WHERE zip <> '10001' ORDER BY zip`;
    const rows = await collectRows(streamRows({ kind: 'sql', query }, { duck }));
    expect(rows).toEqual([
      { email: 'ann@example.com', zip: '02134' },
      { email: 'Élise@exemple.fr', zip: '75001' },
    ]);
    expect(await countRows({ kind: 'sql', query: `${query};` }, { duck })).toBe(2);
  });

  it('reports SQL mistakes as sql_error', async () => {
    const error = await failure(
      describeColumns({ kind: 'sql', query: 'SELECT nope FROM range(3)' }, { duck }),
    );
    expect(error.code).toBe('sql_error');
    expect(error.message).toMatch(/SQL source.*nope/);
  });

  it('refuses a second statement', async () => {
    const error = await failure(countRows({ kind: 'sql', query: 'SELECT 1; DROP TABLE x' }, { duck }));
    expect(error.code).toBe('not_one_select');
    expect(error.message).toMatch(/^a source query is one SELECT statement/);
  });
});

describe('errors name the file or column', () => {
  it('a missing file', async () => {
    const error = await failure(collectRows(streamRows(file('absent.csv'), { duck })));
    expect(error.code).toBe('file_not_found');
    expect(error.message).toContain(files.path('absent.csv'));
  });

  it('a glob that matches nothing, and a SQL source over a missing file', async () => {
    const glob = await failure(countRows(file('nothing-*.parquet'), { duck }));
    expect(glob.code).toBe('file_not_found');
    expect(glob.message).toContain('nothing-*.parquet');
    const sql = await failure(
      countRows({ kind: 'sql', query: `FROM ${sqlString(files.path('gone.csv'))}` }, { duck }),
    );
    expect(sql.code).toBe('file_not_found');
    expect(sql.message).toContain('gone.csv');
  });

  it('binary junk read as CSV, and a file that is not Parquet', async () => {
    const csv = await failure(collectRows(streamRows(file('junk.csv'), { duck })));
    expect(csv.code).toBe('unreadable');
    expect(csv.message).toContain(files.path('junk.csv'));
    const parquet = await failure(describeColumns(file('junk.parquet'), { duck }));
    expect(parquet.code).toBe('unreadable');
    expect(parquet.message).toContain(files.path('junk.parquet'));
  });

  it('a directory given as a file', async () => {
    const error = await failure(countRows({ kind: 'file', path: files.dir, format: 'csv' }, { duck }));
    expect(error.code).toBe('unreadable');
    expect(error.message).toContain(files.dir);
  });

  it('a selected column the source lacks', async () => {
    const error = await failure(collectRows(streamRows(file('customers.csv'), { duck, columns: ['Email'] })));
    expect(error.code).toBe('column_missing');
    expect(error.message).toContain('"Email"');
    expect(error.message).toContain(files.path('customers.csv'));
    expect(error.message).toContain('Columns found: email, phone, zip');
  });
});
