import { describe, expect, it } from 'vitest';
import { SourceError } from './errors.js';
import { fileFormatOf, parseSourceArg, parseSourceSpec, redactUrl, sourceLabel } from './spec.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof SourceError ? error.code : 'not a SourceError';
  }
  return undefined;
}

describe('parseSourceArg', () => {
  it.each([
    ['customers.csv', 'csv'],
    ['data/Customers.CSV.GZ', 'csv'],
    ['x.tsv', 'tsv'],
    ['exports/*.parquet', 'parquet'],
    ['events.json', 'json'],
    ['events.jsonl', 'ndjson'],
    ['events.ndjson.gz', 'ndjson'],
  ])('reads %s as a %s file', (arg, format) => {
    expect(parseSourceArg(arg)).toEqual({ kind: 'file', path: arg, format });
  });

  it.each(['SELECT * FROM x', '  with a as (select 1) select * from a', 'from "c.csv"', 'Select\n1'])(
    'reads %j as SQL',
    (arg) => {
      expect(parseSourceArg(arg)).toEqual({ kind: 'sql', query: arg.trim() });
    },
  );

  it('does not take a file named like a keyword for SQL', () => {
    expect(parseSourceArg('selections.csv')).toEqual({ kind: 'file', path: 'selections.csv', format: 'csv' });
  });

  it('reads pg:<query> with the URL the face passes', () => {
    expect(parseSourceArg('pg: SELECT 1', { databaseUrl: 'postgres://env@h/db' })).toEqual({
      kind: 'postgres',
      url: 'postgres://env@h/db',
      query: 'SELECT 1',
    });
    expect(parseSourceArg('PG:select 1', { databaseUrl: 'postgresql://opt@h/db' })).toMatchObject({
      url: 'postgresql://opt@h/db',
    });
  });

  it('refuses pg: without a URL or a query, a bare URL, and unknown extensions', () => {
    expect(codeOf(() => parseSourceArg('pg:select 1', {}))).toBe('invalid_source');
    expect(codeOf(() => parseSourceArg('pg:', { databaseUrl: 'postgres://h/db' }))).toBe('invalid_source');
    expect(codeOf(() => parseSourceArg('pg:select 1', { databaseUrl: 'mysql://h/db' }))).toBe(
      'invalid_source',
    );
    expect(codeOf(() => parseSourceArg('postgres://u@h/db'))).toBe('invalid_source');
    expect(codeOf(() => parseSourceArg('customers.xlsx'))).toBe('invalid_source');
    expect(() => parseSourceArg('customers.xlsx')).toThrow(/customers\.xlsx/);
  });
});

describe('parseSourceSpec', () => {
  it('fills the format from the extension and keeps an explicit one', () => {
    expect(parseSourceSpec({ kind: 'file', path: 'a.parquet' })).toEqual({
      kind: 'file',
      path: 'a.parquet',
      format: 'parquet',
    });
    expect(parseSourceSpec({ kind: 'file', path: 'dump.txt', format: 'csv' })).toMatchObject({
      format: 'csv',
    });
  });

  it('refuses unknown formats, non-SQL queries and non-PostgreSQL URLs', () => {
    expect(codeOf(() => parseSourceSpec({ kind: 'file', path: 'dump.txt' }))).toBe('invalid_source');
    expect(codeOf(() => parseSourceSpec({ kind: 'sql', query: 'DROP TABLE x' }))).toBe('invalid_source');
    expect(codeOf(() => parseSourceSpec({ kind: 'postgres', url: 'http://x', query: 'select 1' }))).toBe(
      'invalid_source',
    );
  });
});

describe('labels', () => {
  it('never shows a database password', () => {
    const label = sourceLabel({
      kind: 'postgres',
      url: 'postgres://bob:s3cret@db:5432/crm',
      query: 'select 1',
    });
    expect(label).not.toContain('s3cret');
    expect(label).toContain('bob');
    expect(redactUrl('not a url')).not.toContain('not a url');
  });

  it('shortens long queries', () => {
    const label = sourceLabel({ kind: 'sql', query: `SELECT ${'x, '.repeat(100)} 1` });
    expect(label.length).toBeLessThan(110);
  });

  it('knows no format for other extensions', () => {
    expect(fileFormatOf('a.csv.bak')).toBeUndefined();
  });
});
