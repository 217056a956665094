import type { DuckDBConnection } from '@duckdb/node-api';
import { partialFailures, type IdSchemaType, type TikTokClient, type TikTokResult } from '../tiktok/index.js';
import { batchBodiesSql } from './plan-sql.js';

/** Batches whose bodies are built by one DuckDB query: enough to keep requests flowing, little memory. */
const BATCHES_PER_QUERY = 8;

/** One direction of a plan to send. */
export interface SendSpec {
  op: 'add' | 'delete';
  /** Fixed id-type codes of the schema, in schema order. */
  typeCodes: readonly number[];
  idSchema: IdSchemaType[];
  batchCount: number;
  /** Batches TikTok already acknowledged (a resumed plan): not sent again. */
  skip: ReadonlySet<number>;
}

/** Where batches go and what happens when TikTok acknowledges one. */
export interface SendContext {
  conn: DuckDBConnection;
  client: TikTokClient;
  advertiserIds: string[];
  audienceId: string;
  /** Requests in flight; the client's own rate limiter still applies. */
  concurrency: number;
  /** Called once per acknowledged batch, before it counts as sent (the journal write). */
  onAck: (batchNo: number, rowCount: number) => Promise<void>;
  /** Rows TikTok refused inside a 20001 (partial success) answer, by `tiktok_<code>` reason. */
  onRefused?: (reason: string, rows: number) => void;
}

/** Counts the rows a 20001 answer refused, by reason; a partial answer that names none refuses the batch. */
function countRefused(result: TikTokResult<unknown>, rowCount: number, ctx: SendContext): void {
  if (!result.partial) return;
  const failures = partialFailures(result.data);
  if (!failures) return ctx.onRefused?.('tiktok_20001', rowCount);
  const byReason = new Map<string, number>();
  for (const f of failures) byReason.set(`tiktok_${f.code}`, (byReason.get(`tiktok_${f.code}`) ?? 0) + 1);
  for (const [reason, n] of byReason) ctx.onRefused?.(reason, n);
}

/**
 * Sends the batches of one plan direction through `segment/mapping/`, several at a time. Bodies are built
 * inside DuckDB a few batches at a time. The first failure stops new requests; requests already in flight
 * finish (and are journaled if acknowledged) before the error is thrown.
 * @returns rows sent (identifiers for deletes; member rows for adds).
 */
export async function sendBatches(
  spec: SendSpec,
  ctx: SendContext,
): Promise<{ batches: number; rows: number }> {
  const audienceIds = JSON.stringify([ctx.audienceId]);
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  let sent = { batches: 0, rows: 0 };
  for (let from = 0; from < spec.batchCount && failure === undefined; from += BATCHES_PER_QUERY) {
    const to = Math.min(from + BATCHES_PER_QUERY, spec.batchCount) - 1;
    if (allSkipped(spec.skip, from, to)) continue;
    const reader = await ctx.conn.runAndReadAll(batchBodiesSql(spec.op, spec.typeCodes, { from, to }), [
      audienceIds,
    ]);
    for (const row of reader.getRowObjects()) {
      if (failure !== undefined) break;
      const batchNo = Number(row.batch_no);
      const rowCount = Number(row.row_count);
      if (spec.skip.has(batchNo)) continue;
      const task = ctx.client
        .mapAudienceJson({
          advertiserIds: ctx.advertiserIds,
          action: spec.op,
          idSchema: spec.idSchema,
          batchDataJson: String(row.body),
        })
        .then((result) => {
          countRefused(result, rowCount, ctx);
          return ctx.onAck(batchNo, rowCount);
        })
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
  if (failure !== undefined)
    throw failure instanceof Error ? failure : new Error('mapping failed', { cause: failure });
  return sent;
}

function allSkipped(skip: ReadonlySet<number>, from: number, to: number): boolean {
  for (let b = from; b <= to; b++) if (!skip.has(b)) return false;
  return true;
}
