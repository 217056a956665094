import type { DuckDBInstance } from '@duckdb/node-api';

/** What DuckDB's parser made of a SQL text (json_serialize_sql's answer, trimmed to what we read). */
export type ParsedSql =
  | { ok: true; statements: unknown[] }
  | { ok: false; errorType: string; message: string; statementCount?: number };

let parser: Promise<DuckDBInstance> | undefined;

/**
 * The DuckDB instance that only parses. It is never given a user's SQL to run (the text is a bound
 * parameter of json_serialize_sql), and it is shut off from files, the network and its own settings all the same.
 */
function parserInstance(): Promise<DuckDBInstance> {
  parser ??= (async () => {
    // Loaded on first use, like sources/duckdb.ts: start-up never pays for DuckDB's native library.
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:', {
      threads: '1',
      memory_limit: '64MB',
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    });
    const connection = await instance.connect();
    try {
      await connection.run('SET enable_external_access = false');
      await connection.run('SET lock_configuration = true');
    } finally {
      connection.closeSync();
    }
    return instance;
  })().catch((error: unknown) => {
    parser = undefined;
    throw error;
  });
  return parser;
}

/**
 * Parses `sql` with DuckDB's own parser, without running it: json_serialize_sql gives the parsed
 * statements as JSON, or an error ("Only SELECT statements can be serialized" for any other statement,
 * a parser error for text that is not SQL).
 */
export async function parseSql(sql: string): Promise<ParsedSql> {
  // A connection per call: calls may overlap, and a connection runs one query at a time.
  const connection = await (await parserInstance()).connect();
  try {
    const reader = await connection.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR) AS parsed', [sql]);
    const text = reader.getRowObjects()[0]?.parsed;
    const parsed = JSON.parse(typeof text === 'string' ? text : '{}') as {
      error?: boolean;
      error_type?: string;
      error_message?: string;
      statements?: unknown[];
    };
    if (parsed.error) {
      const failed = {
        ok: false as const,
        errorType: parsed.error_type ?? 'unknown',
        message: parsed.error_message ?? '',
      };
      // Statements other than SELECT are not serialised: count them with the parser's other entry point.
      const count = await connection.extractStatements(sql).then(
        (extracted) => extracted.count,
        () => undefined,
      );
      return count === undefined ? failed : { ...failed, statementCount: count };
    }
    return { ok: true, statements: parsed.statements ?? [] };
  } finally {
    connection.closeSync();
  }
}

/** The names (lower case, without schema) of every function a parsed statement calls, table functions included. */
export function calledFunctions(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) calledFunctions(item, found);
  } else if (node !== null && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (typeof record.function_name === 'string') found.add(record.function_name.toLowerCase());
    for (const value of Object.values(record)) calledFunctions(value, found);
  }
  return found;
}
