import { SourceError } from './errors.js';
import { isGlob, type DuckSource, type FileSource } from './spec.js';

/**
 * A DuckDB string literal. Table functions such as read_csv take their path as a constant that a
 * prepared-statement parameter cannot always supply, so paths are quoted here instead: single quotes
 * are doubled and nothing else is special (DuckDB's plain literals have no backslash escapes).
 */
export function sqlString(value: string): string {
  if (value.includes('\0'))
    throw new SourceError('invalid_source', 'A NUL character cannot appear in SQL text.');
  return `'${value.replaceAll("'", "''")}'`;
}

/** A DuckDB quoted identifier, for column names taken from files. */
export function sqlIdent(name: string): string {
  if (name.includes('\0'))
    throw new SourceError('invalid_source', 'A NUL character cannot appear in a column name.');
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * The table-function call that reads a file source. CSV and TSV are read with every column as text so
 * that identifiers keep their exact spelling (a leading zero or "+" in a phone number is never lost to
 * type guessing). Globs combine files by column name, so files with columns in another order still line up.
 */
export function fileRelationSql(source: FileSource): string {
  const path = sqlString(source.path);
  const byName = isGlob(source.path) ? ', union_by_name = true' : '';
  switch (source.format) {
    case 'csv':
      return `read_csv(${path}, header = true, all_varchar = true${byName})`;
    case 'tsv':
      return `read_csv(${path}, header = true, all_varchar = true, delim = '\\t'${byName})`;
    case 'parquet':
      return `read_parquet(${path}${byName})`;
    case 'json':
      return `read_json(${path}, format = 'auto'${byName})`;
    case 'ndjson':
      return `read_json(${path}, format = 'newline_delimited'${byName})`;
  }
}

/**
 * The SQL text of a source as a relation, to use after FROM: `SELECT ... FROM ${sourceRelationSql(s)} AS src`.
 * Not checked: the parentheses do not keep a query from closing them and adding statements, so a text built
 * on it runs only through checkedRelationSql (statement.ts), or is itself a SQL source read that way.
 */
export function sourceRelationSql(spec: DuckSource): string {
  if (spec.kind === 'file') return fileRelationSql(spec);
  return `(${spec.query.trim().replace(/;\s*$/, '')}\n)`;
}
