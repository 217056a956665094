/**
 * SQL (DuckDB) that turns hashed members into a sync plan, one chunk of source rows at a time, so that the
 * first batches are sent while the next chunks are hashed and planned. Everything stays inside DuckDB
 * because moving tens of millions of hashes through JavaScript is the slow part (see STACK.md).
 *
 * Tables the statements expect in the connection:
 *   snap(id_type UTINYINT, hash BLOB)       -- last acknowledged by TikTok (certain)
 *   uncertain(id_type UTINYINT, hash BLOB)  -- sent by a run that died, not acknowledged
 *   a chunk table (id_type UTINYINT, hash BLOB, rid BIGINT) -- the valid pairs of the chunk's source rows
 * A member is one (id type, hash) pair: diffing pairs rather than whole rows means a customer whose phone
 * changed costs one removal and one addition, not a resend of every identifier of the row.
 *
 * Tables they keep: added (every pair planned for adding so far), desired_all (with a baseline: the pairs of every
 * chunk, repeats included), add_rows (batch_no, pos, rid, t0..: the add batches, a row's position in its batch,
 * one column per type), carry (the rows of a chunk's last, partly filled batch, numbered again with the next chunk
 * so that only the plan's last batch is partial), and at the end remove_pairs, remove_rows (batch_no, pos, id_type,
 * hash) and desired_distinct (every pair wanted).
 *
 * A chunk's pairs are first diffed against what TikTok certainly has, and only what remains (on a re-sync, the
 * few changed pairs) is de-duplicated and compared with the pairs planned before: de-duplicating every pair of
 * every chunk, then anti-joining them with all earlier chunks' pairs, cost a 10M-row re-sync ~15 CPU s.
 *
 * `typeCodes` are the fixed id-type codes of the run's id schema, in schema order: column `t<i>` of an add row
 * holds the pair of type `typeCodes[i]`. Codes (not positions) are stored so a snapshot outlives a change of
 * the chosen id types.
 */

/**
 * Statements that start a plan: what TikTok certainly has, and the empty tables the chunks fill.
 * @param uncertainPairs rows of `uncertain` (0: `certain` is a view of `snap`).
 */
export function planStartSql(typeCodes: readonly number[], uncertainPairs = 1): string[] {
  assertCodes(typeCodes);
  const cols = typeCodes.map((_, i) => `t${i} BLOB`).join(', ');
  return [
    // Pairs TikTok certainly has: acknowledged, minus anything a dead run may have changed. Without such
    // pairs (no run died) that is the snapshot itself: a copy cost a 10M-row re-sync ~1 GB more to spill.
    uncertainPairs > 0
      ? `CREATE OR REPLACE TABLE certain AS SELECT id_type, hash FROM snap ANTI JOIN uncertain USING (id_type, hash)`
      : `CREATE OR REPLACE VIEW certain AS SELECT id_type, hash FROM snap`,
    `CREATE OR REPLACE TABLE added (id_type UTINYINT, hash BLOB)`,
    `CREATE OR REPLACE TABLE desired_all (id_type UTINYINT, hash BLOB)`,
    `CREATE OR REPLACE TABLE add_rows (batch_no BIGINT, pos UINTEGER, rid BIGINT, ${cols})`,
    `CREATE OR REPLACE TABLE carry (rid BIGINT, ${cols})`,
  ];
}

/**
 * Statements that plan one chunk (table `chunk`, whose rows all come after the earlier chunks' rows): its
 * pairs TikTok lacks and no earlier chunk added, each on the first row holding it (table chunk_add, dropped by
 * the caller once counted), and table part_rows, the carried rows and the chunk's new rows numbered into batches
 * from `firstBatch` on.
 * @param baseline the snapshot or uncertain pairs are not empty: the chunk's pairs are kept for the removals.
 */
export function planChunkSql(opts: {
  chunk: string;
  batchSize: number;
  typeCodes: readonly number[];
  firstBatch: number;
  baseline: boolean;
}): string[] {
  const { batchSize, typeCodes } = opts;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error('batchSize must be a positive integer');
  assertCodes(typeCodes);
  const cols = typeCodes.map((_, i) => `t${i}`).join(', ');
  const pivot = typeCodes.map((code, i) => `max(hash) FILTER (WHERE id_type = ${code}) AS t${i}`).join(', ');
  return [
    ...(opts.baseline ? [`INSERT INTO desired_all SELECT id_type, hash FROM ${opts.chunk}`] : []),
    // Earlier chunks hold earlier rows: a pair one of them added is not new, and a pair they had that TikTok
    // certainly has is certain here too. Aggregating before the anti join with `added` lets DuckDB spill.
    `CREATE OR REPLACE TABLE chunk_add AS
       SELECT id_type, hash, rid FROM
         (SELECT id_type, hash, min(rid) AS rid FROM (${opts.chunk} ANTI JOIN certain USING (id_type, hash))
          GROUP BY id_type, hash)
       ANTI JOIN added USING (id_type, hash)`,
    `INSERT INTO added SELECT id_type, hash FROM chunk_add`,
    // A row's position in its batch (its rank by rid) lets the sender write the batch's body without sorting.
    `CREATE OR REPLACE TABLE part_rows AS
       SELECT ${int(opts.firstBatch)} + n // ${batchSize} AS batch_no, (n % ${batchSize})::UINTEGER AS pos, rid, ${cols}
       FROM (SELECT row_number() OVER (ORDER BY rid) - 1 AS n, rid, ${cols}
             FROM (SELECT rid, ${cols} FROM carry UNION ALL SELECT rid, ${pivot} FROM chunk_add GROUP BY rid))`,
  ];
}

/**
 * Statements that plan the removals, once every chunk is planned, and make desired_distinct (every pair
 * wanted): what TikTok certainly has and the query still wants, and what was added.
 * @param baseline as for {@link planChunkSql}.
 */
export function planRemovalsSql(opts: {
  mode: 'mirror' | 'add-only';
  batchSize: number;
  baseline: boolean;
}): string[] {
  const { batchSize } = opts;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error('batchSize must be a positive integer');
  const statements = opts.baseline
    ? [
        // Pairs TikTok has or may have that the query no longer wants. Not (snap UNION uncertain): its
        // de-duplication of every pair cost a 10M-row re-sync ~3 CPU s, where the uncertain pairs are few.
        `CREATE OR REPLACE TABLE gone AS
           SELECT id_type, hash FROM snap ANTI JOIN desired_all USING (id_type, hash)
           UNION ALL
           SELECT id_type, hash FROM (SELECT DISTINCT id_type, hash FROM uncertain ANTI JOIN snap USING (id_type, hash))
           ANTI JOIN desired_all USING (id_type, hash)`,
        `DROP TABLE desired_all`,
        // Wanted pairs in the snapshot are kept or (uncertain ones) added again; the others are all added.
        `CREATE OR REPLACE TABLE desired_distinct AS
           SELECT id_type, hash FROM snap ANTI JOIN gone USING (id_type, hash) ANTI JOIN added USING (id_type, hash)
           UNION ALL SELECT id_type, hash FROM added`,
        opts.mode === 'mirror'
          ? `CREATE OR REPLACE TABLE remove_pairs AS SELECT id_type, hash FROM gone`
          : `CREATE OR REPLACE TABLE remove_pairs AS SELECT id_type, hash FROM gone LIMIT 0`,
        `DROP TABLE gone`,
      ]
    : [
        `CREATE OR REPLACE VIEW desired_distinct AS SELECT id_type, hash FROM added`,
        `CREATE OR REPLACE TABLE remove_pairs (id_type UTINYINT, hash BLOB)`,
      ];
  // Removals go one identifier per row; which identifiers belonged together no longer matters.
  statements.push(
    `CREATE OR REPLACE TABLE remove_rows AS
       SELECT n // ${batchSize} AS batch_no, (n % ${batchSize})::UINTEGER AS pos, id_type, hash
       FROM (SELECT row_number() OVER (ORDER BY id_type, hash) - 1 AS n, id_type, hash FROM remove_pairs)`,
  );
  return statements;
}

/** `n`, checked to be a safe integer before it is written into SQL. */
export function int(n: number): number {
  if (!Number.isSafeInteger(n)) throw new Error(`not an integer: ${n}`);
  return n;
}

/** Checks id-type codes before they are written into SQL. */
export function assertCodes(codes: readonly number[]): void {
  if (codes.length === 0) throw new Error('at least one id type is needed');
  for (const code of codes)
    if (!Number.isInteger(code) || code < 0 || code > 255) throw new Error(`bad id type code ${code}`);
}
