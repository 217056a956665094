import { HASH_UDF } from './normalize-udf.js';
import {
  PENDING_OFFSET,
  REJECTED_OFFSET,
  ROW_NONE_PRESENT,
  ROW_NONE_VALID,
  ROW_PENDING_REJECTED,
  ROW_PENDING_VALID,
} from './normalize-select.js';
import { sqlString } from '../sources/index.js';

const INPUT = '__ttads_pending_input';
const OUTPUT = '__ttads_pending_output';

/**
 * Statements that settle the pending values normalizeSelectSql left in `table` (id_type 200 + code,
 * hash = raw text): identity's hashIdentifier (through the registered UDF) gives each its outcome,
 * written back as a valid pair or a rejection, and the rows that had pending values get the
 * no-identifier bookkeeping rows the SQL could not decide. The pending values are first copied into
 * a small table of their own so that the UDF receives full chunks: run over the big table's scan it
 * would be called once per scanned chunk, for a few rows each time.
 */
export function resolvePendingSql(table: string, region: string): string[] {
  const typeOf = `(id_type - ${PENDING_OFFSET})`;
  return [
    `CREATE OR REPLACE TABLE ${INPUT} AS
       SELECT rid, ${typeOf}::UTINYINT AS code, decode(hash) AS raw FROM ${table}
       WHERE id_type >= ${PENDING_OFFSET} AND id_type < ${ROW_PENDING_VALID}`,
    `CREATE OR REPLACE TABLE ${OUTPUT} AS
       SELECT rid, code, ${HASH_UDF}(code, raw, ${sqlString(region)}) AS o FROM ${INPUT}`,
    `INSERT INTO ${table}
       SELECT CASE WHEN o = '' THEN ${REJECTED_OFFSET} + code ELSE code END, CASE WHEN o <> '' THEN unhex(o) END, rid
       FROM ${OUTPUT} WHERE o IS NOT NULL`,
    // A row still sends nothing when neither the SQL (252) nor JavaScript found a valid value in it.
    `INSERT INTO ${table}
       SELECT CASE WHEN p.present OR k.rid IS NOT NULL THEN ${ROW_NONE_VALID} ELSE ${ROW_NONE_PRESENT} END, NULL, p.rid
       FROM (SELECT rid, bool_or(o IS NOT NULL) AS present, bool_or(coalesce(o <> '', false)) AS valid
             FROM ${OUTPUT} GROUP BY rid) AS p
       LEFT JOIN (SELECT rid, bool_or(id_type = ${ROW_PENDING_VALID}) AS known_valid FROM ${table}
                  WHERE id_type IN (${ROW_PENDING_VALID}, ${ROW_PENDING_REJECTED}) GROUP BY rid) AS k USING (rid)
       WHERE NOT p.valid AND NOT coalesce(k.known_valid, false)`,
    ...dropPendingSql(),
  ];
}

/** Drops the helper tables of {@link resolvePendingSql} (also after a failure part-way). */
export function dropPendingSql(): string[] {
  return [`DROP TABLE IF EXISTS ${INPUT}`, `DROP TABLE IF EXISTS ${OUTPUT}`];
}
