import type { DuckDBBlobVector, DuckDBConnection } from '@duckdb/node-api';
import { partialFailures, type IdSchemaType, type TikTokClient, type TikTokResult } from '../tiktok/index.js';
import { batchBody, batchRecordsSql } from './batch-bodies.js';

/** Batches whose bodies are built by one DuckDB query: enough to keep requests flowing, little memory. */
const BATCHES_PER_QUERY = 8;

/** Consecutive batches of one plan direction, ready to send (recorded in the plan). */
export interface SendGroup {
  op: 'add' | 'delete';
  /** Fixed id-type codes of the schema, in schema order. */
  typeCodes: readonly number[];
  idSchema: IdSchemaType[];
  /** First and last batch number (inclusive). */
  from: number;
  to: number;
}

/**
 * Rows of one batch TikTok refused inside a 20001 (partial success) answer: `index` is the row's position in
 * the batch, null when TikTok did not say which rows (then none may be taken as applied).
 */
export interface RefusedRow {
  index: number | null;
  /** `tiktok_<code>`. */
  reason: string;
  /** TikTok's own words, when it gave some. */
  message: string;
}

/** Where batches go and what happens when TikTok acknowledges one. */
export interface SendContext {
  conn: DuckDBConnection;
  client: TikTokClient;
  advertiserIds: string[];
  audienceId: string;
  /** Requests in flight; the client's own rate limiter still applies. */
  concurrency: number;
  /**
   * Called once per answered batch, before it counts as sent (the journal write); `refused` lists the rows
   * TikTok refused in a partial answer (empty when it applied them all).
   */
  onAck: (op: 'add' | 'delete', batchNo: number, rowCount: number, refused: RefusedRow[]) => Promise<void>;
}

/** The rows a 20001 answer refused; a partial answer that names none refuses the whole batch. */
export function refusedRows(result: TikTokResult<unknown>): RefusedRow[] {
  if (!result.partial) return [];
  const failures = partialFailures(result.data);
  if (!failures) return [{ index: null, reason: 'tiktok_20001', message: result.message }];
  return failures.map((f) => ({ index: f.index, reason: `tiktok_${f.code}`, message: f.message }));
}

/**
 * Sends batches through `segment/mapping/` as their groups arrive (a sync plans the next part of its plan
 * meanwhile), several at a time. Bodies are built inside DuckDB a few batches at a time, the next group while
 * the current one is sent. The first failure stops new requests and `groups` (its stop());
 * requests already in flight finish (and are journaled if acknowledged) before the error is thrown.
 * @returns batches and rows sent (identifiers for deletes; member rows for adds).
 */
export async function sendBatches(
  groups: GroupSource,
  ctx: SendContext,
): Promise<{ batches: number; rows: number }> {
  const audienceIds = JSON.stringify([ctx.audienceId]);
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  let sent = { batches: 0, rows: 0 };
  const build = (g: SendGroup) => {
    const range = { from: g.from, to: g.to };
    const query = readBodies(
      ctx.conn,
      batchRecordsSql(g.op, g.typeCodes, range),
      g.typeCodes.length,
      audienceIds,
    );
    // Handled here so that a group built ahead and never awaited (a failure stopped the loop) does not end the
    // process as an unhandled rejection; awaiting `query` still throws.
    query.catch(() => undefined);
    return query;
  };
  const buffered: SendGroup[] = [];
  const take = async (): Promise<SendGroup | undefined> => {
    if (buffered.length === 0) {
      const g = await groups.next();
      if (!g) return undefined;
      for (let from = g.from; from <= g.to; from += BATCHES_PER_QUERY)
        buffered.push({ ...g, from, to: Math.min(from + BATCHES_PER_QUERY - 1, g.to) });
    }
    return buffered.shift();
  };
  // The next group's bodies are built as soon as it is known, while the current group's requests are in
  // flight: without it, sending stopped for every DuckDB query, and a rate-limited sync fell well short of
  // TikTok's QPS (79% at Basic).
  const ahead = () => take().then((group) => (group ? { group, query: build(group) } : undefined));
  let next = ahead();
  for (;;) {
    const current = await next;
    if (!current || failure !== undefined) break;
    const bodies = await current.query;
    next = ahead();
    for (const { batchNo, rowCount, body } of bodies) {
      if (failure !== undefined) break;
      const task = ctx.client
        .mapAudienceJson({
          advertiserIds: ctx.advertiserIds,
          action: current.group.op,
          idSchema: current.group.idSchema,
          batchDataJson: body,
        })
        .then((result) => ctx.onAck(current.group.op, batchNo, rowCount, refusedRows(result)))
        .then(() => {
          sent = { batches: sent.batches + 1, rows: sent.rows + rowCount };
        })
        .catch((err: unknown) => {
          failure ??= err;
        })
        .finally(() => inFlight.delete(task));
      inFlight.add(task);
      if (inFlight.size >= ctx.concurrency) await Promise.race(inFlight);
    }
  }
  await Promise.all(inFlight);
  if (failure !== undefined) {
    // No more groups will be sent: the producer learns it, and a group built ahead is still awaited (its query
    // holds the connection, which the caller uses next).
    groups.stop();
    await next.then((n) => n?.query).catch(() => undefined);
    throw failure instanceof Error ? failure : new Error('mapping failed', { cause: failure });
  }
  return sent;
}

/** One batch of a group: its body stays in DuckDB's result until the client sends it. */
interface BatchBody {
  batchNo: number;
  rowCount: number;
  /** The body's UTF-8 bytes, written from DuckDB's records when called (just before the request is written). */
  body: () => Uint8Array;
}

/**
 * Runs a records query (`batch_no`, `row_count`, `recs`: batchRecordsSql) and keeps its result in DuckDB's
 * chunks: each body is written from its records only when its request goes out. Turning all of a group's
 * bodies (~11 MB) into strings at once blocked the event loop for 60-200 ms, which delayed requests already
 * granted by the quota and bunched them at TikTok (40100 answers, a Basic-tier sync well under its ceiling).
 */
async function readBodies(
  conn: DuckDBConnection,
  sql: string,
  types: number,
  audienceIds: string,
): Promise<BatchBody[]> {
  const result = await conn.run(sql);
  const out: BatchBody[] = [];
  for (
    let chunk = await result.fetchChunk();
    chunk && chunk.rowCount > 0;
    chunk = await result.fetchChunk()
  ) {
    const batchNos = chunk.getColumnVector(0);
    const rowCounts = chunk.getColumnVector(1);
    const recs = chunk.getColumnVector(2) as DuckDBBlobVector;
    // The closure holds the chunk itself: a vector alone does not keep the chunk's native memory alive.
    const held = chunk;
    for (let i = 0; i < chunk.rowCount; i++) {
      const rowCount = Number(rowCounts.getItem(i));
      out.push({
        batchNo: Number(batchNos.getItem(i)),
        rowCount,
        body: () => {
          const bytes = held.rowCount > 0 ? recs.getItemBytes(i) : null;
          return batchBody(bytes ?? new Uint8Array(), rowCount, types, audienceIds);
        },
      });
    }
  }
  return out;
}

/** Where the sender takes the groups to send from, as the plan's parts are recorded. */
export interface GroupSource {
  /** The next group, once there is one; undefined when there are no more (or after stop()). */
  next(): Promise<SendGroup | undefined>;
  /** The sender failed: no group will be taken any more (a waiting next() gives undefined). */
  stop(): void;
}
