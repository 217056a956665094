import type { DuckDBConnection } from '@duckdb/node-api';
import { hashIdentifier, type IdType } from '../identity/index.js';
import { ID_TYPE_CODE } from './normalize-select.js';

/** Name of the scalar function {@link registerHashUdf} adds to a connection. */
export const HASH_UDF = 'ttads_hash_identifier';

/** Identifier types by the code the SQL passes. */
const TYPE_BY_CODE = new Map<number, IdType>(
  Object.entries(ID_TYPE_CODE).map(([type, code]) => [code, type as IdType]),
);

const registered = new WeakSet<DuckDBConnection>();

/** Calls made to the function, for tests that check the SQL fast paths keep it to a minority. */
export const hashUdfCalls = { rows: 0 };

/**
 * The outcome of hashIdentifier as SQL sees it: the hex hash, '' for a rejected value, NULL for a
 * missing one (a value that is blank by JavaScript's trim, which knows more spaces than DuckDB's).
 */
export function udfOutcome(type: IdType, raw: string, defaultRegion: string): string | null {
  const outcome = hashIdentifier(type, raw, { defaultRegion });
  if (outcome.kind === 'ok') return outcome.hash;
  return outcome.kind === 'rejected' ? '' : null;
}

/**
 * Registers `ttads_hash_identifier(type_code UTINYINT, raw VARCHAR, region VARCHAR) -> VARCHAR`, which
 * runs src/identity's hashIdentifier (the reference rules) for the values the SQL fast paths leave
 * out: non-ASCII text, phones in unusual layouts, national numbers outside NANP. DuckDB runs it on
 * the JavaScript thread, one call per chunk: ~1.35 us a row plus libphonenumber's own cost for phones
 * (~15-20 us), so the SQL keeps it to a small minority of rows (see normalize-pending.ts).
 * NULL arguments give NULL without a call. Registering twice on one connection is a no-op.
 */
export async function registerHashUdf(conn: DuckDBConnection): Promise<void> {
  if (registered.has(conn)) return;
  // Loaded on first use (already loaded by then: `conn` is a DuckDB connection), so importing this
  // module costs start-up nothing.
  const { DuckDBScalarFunction, UTINYINT, VARCHAR } = await import('@duckdb/node-api');
  if (registered.has(conn)) return;
  conn.registerScalarFunction(
    DuckDBScalarFunction.create({
      name: HASH_UDF,
      returnType: VARCHAR,
      parameterTypes: [UTINYINT, VARCHAR, VARCHAR],
      mainFunction: (info, input, output) => {
        try {
          const codes = input.getColumnVector(0);
          const values = input.getColumnVector(1);
          const regions = input.getColumnVector(2);
          const rows = input.rowCount;
          hashUdfCalls.rows += rows;
          for (let row = 0; row < rows; row++) {
            const type = TYPE_BY_CODE.get(Number(codes.getItem(row)));
            if (type === undefined)
              throw new Error(`unknown identifier type code ${String(codes.getItem(row))}`);
            output.setItem(row, udfOutcome(type, String(values.getItem(row)), String(regions.getItem(row))));
          }
          output.flush();
        } catch (error) {
          // An exception must not cross into DuckDB's worker thread: fail the query with its message.
          info.setError(error instanceof Error ? error.message : String(error));
        }
      },
    }),
  );
  registered.add(conn);
}
