import { firstLine, NotOneSelectError, SourceError } from './errors.js';
import { sourceRelationSql } from './relation.js';
import type { DuckSource } from './spec.js';
import { calledFunctions, parseSql } from './sql-parser.js';

/**
 * DuckDB functions a source query may not call although they parse as part of a SELECT: they run SQL the
 * parser never sees (query, query_table, json_execute_serialized_sql), read process memory (arrow_scan),
 * reveal the environment or secrets (getenv, duckdb_secrets, which_secret), or change the database or
 * its session (checkpoints, sequences, the seed, logging, profiling, the parser).
 */
const DUCKDB_SIDE_EFFECTS: ReadonlySet<string> = new Set([
  'query',
  'query_table',
  'json_execute_serialized_sql',
  'arrow_scan',
  'arrow_scan_dumb',
  'getenv',
  'duckdb_secrets',
  'which_secret',
  'checkpoint',
  'force_checkpoint',
  'nextval',
  'setseed',
  'enable_logging',
  'disable_logging',
  'truncate_duckdb_logs',
  'enable_profiling',
  'disable_profiling',
  'enable_peg_parser',
  'disable_peg_parser',
]);

/**
 * PostgreSQL functions a source query may not call: the READ ONLY transaction stops writes to tables, not
 * most of these (session settings such as the statement timeout, other sessions, server files, other
 * databases); sequences it does stop, but only when a row is read, so they are refused here up front.
 */
const POSTGRES_SIDE_EFFECTS: ReadonlySet<string> = new Set([
  'set_config',
  'nextval',
  'setval',
  'pg_terminate_backend',
  'pg_cancel_backend',
  'pg_reload_conf',
  'pg_rotate_logfile',
  'pg_read_file',
  'pg_read_binary_file',
  'pg_ls_dir',
  'lo_import',
  'lo_export',
  'dblink',
  'dblink_exec',
  'dblink_connect',
]);

/** The engine a query is written for. */
export type SqlEngine = 'duckdb' | 'postgres';

/**
 * Refuses a source query that is not exactly one SELECT (WITH, FROM-first and VALUES queries are SELECTs),
 * as DuckDB's own parser reads it, or that calls a function with side effects.
 *
 * PostgreSQL queries are parsed by DuckDB too (its parser descends from PostgreSQL's): several statements
 * or another kind of statement are refused with the same message, but text DuckDB cannot parse is left
 * to the server, whose extended protocol and READ ONLY transaction refuse the rest (see postgres.ts).
 * @throws NotOneSelectError; SourceError `sql_error` for DuckDB SQL that does not parse
 */
export async function checkSourceQuery(query: string, engine: SqlEngine = 'duckdb'): Promise<void> {
  const parsed = await parseSql(query);
  if (!parsed.ok) {
    if (parsed.statementCount !== undefined && parsed.statementCount > 1) {
      throw new NotOneSelectError(`this query holds ${parsed.statementCount} statements.`);
    }
    if (/only select statements/i.test(parsed.message)) {
      throw new NotOneSelectError(`this query is another kind of statement (${statementKind(query)}).`);
    }
    if (engine === 'postgres') return;
    throw new SourceError(
      'sql_error',
      `Query failed for SQL source: Parser Error: ${firstLine(parsed.message)}`,
    );
  }
  if (parsed.statements.length !== 1) {
    throw new NotOneSelectError(`this query holds ${parsed.statements.length} statements.`);
  }
  const denied = engine === 'duckdb' ? DUCKDB_SIDE_EFFECTS : POSTGRES_SIDE_EFFECTS;
  const refused = [...calledFunctions(parsed.statements)].filter((name) => denied.has(name)).sort();
  if (refused.length > 0) {
    throw new NotOneSelectError(`a source query may not call ${refused.join(', ')}.`);
  }
}

/**
 * The relation SQL of a DuckDB source (see sourceRelationSql), after checking that a SQL source is one
 * SELECT, alone and as the subquery it becomes: what every read of a source goes through.
 * @throws NotOneSelectError, SourceError
 */
export async function checkedRelationSql(spec: DuckSource): Promise<string> {
  const relation = sourceRelationSql(spec);
  if (spec.kind === 'sql') {
    // Whatever the query holds, the text DuckDB will run must still be one SELECT once wrapped.
    const wrapped = `SELECT * FROM ${relation} AS src`;
    try {
      await checkSourceQuery(spec.query);
    } catch (error) {
      // A query that does not parse alone may be one that closes the parentheses: say so when it is.
      if (error instanceof SourceError && error.code === 'sql_error') await checkSourceQuery(wrapped);
      throw error;
    }
    await checkSourceQuery(wrapped);
  }
  return relation;
}

/** The statement's first word(s), for the message: `COPY`, `ATTACH`, `CREATE TABLE`. */
function statementKind(query: string): string {
  const words = query
    .replace(/^(\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)+/, '')
    .split(/\s+/, 2)
    .map((w) => w.replace(/[^A-Za-z_]/g, '').toUpperCase());
  const [first = '', second = ''] = words;
  return ['CREATE', 'DROP', 'ALTER'].includes(first) && second ? `${first} ${second}` : first || 'unknown';
}
