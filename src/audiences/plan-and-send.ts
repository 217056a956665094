import { randomUUID } from 'node:crypto';
import { ID_SCHEMA_NAME } from '../identity/index.js';
import { finishRun } from '../store/runs.js';
import { ChunkSizer } from './chunk-sizer.js';
import type { Baseline } from './fold-dead-run.js';
import { ID_TYPE_CODE, type NormalizeStats, type SourceNormalizer } from './normalize-sql.js';
import { EmptyAudienceRefused } from './options.js';
import { PartPlanner, type BatchRange, type PlanCounts } from './plan-parts.js';
import { GroupQueue, PlanRecorder } from './pipeline.js';
import { RefusedRows } from './refused.js';
import { refusedReport, requestCounts } from './report.js';
import { sendBatches, type RefusedRow } from './sender.js';
import { planParts, recordAckedBatch } from './state.js';
import { errorRecord, rssMb, type SyncRun } from './sync-run.js';

/** What planning and sending did. */
export interface SentPlan {
  normalized: NormalizeStats;
  plan: PlanCounts;
  batchesSent: number;
  /** Rows TikTok refused inside partial (20001) answers. */
  refused: RefusedRows;
  /** The plan's parts (blob names), recorded before their batches were sent; none for a dry run. */
  partPaths: readonly string[];
  /** Fixed id-type codes of the run's id schema. */
  typeCodes: number[];
}

// Removal rows carry one identifier each, of any type the snapshot holds (id types may have changed).
const ALL_CODES = Object.values(ID_TYPE_CODE);
const ALL_SCHEMA = Object.keys(ID_TYPE_CODE).map((t) => ID_SCHEMA_NAME[t as keyof typeof ID_TYPE_CODE]);

/**
 * Hashes and plans the source chunk by chunk and sends each part of the plan as soon as it is recorded, while
 * the next chunk is planned; then plans and sends the removals (mirror). Returns once every batch is answered.
 * A dry run plans without recording or sending. A mirror sync of a source without any identifier is refused
 * (EmptyAudienceRefused, the run recorded as failed with what it read) unless allowed.
 */
export async function planAndSend(
  run: SyncRun,
  normalizer: SourceNormalizer,
  baseline: Baseline,
): Promise<SentPlan> {
  const { deps, opts, conn, log, now, began, target, state, files } = run;
  const typeCodes = opts.idTypes.map((t) => ID_TYPE_CODE[t]);
  const planner = new PartPlanner(conn, { mode: opts.mode, batchSize: opts.batchSize, typeCodes });
  const certainPairs = await planner.start();
  let batchesSent = 0;
  let batchesPlanned = 0;
  const refused = new RefusedRows();
  const audienceId = opts.dryRun ? null : target.audienceId;
  const planId = randomUUID();
  const recorder = audienceId
    ? new PlanRecorder({
        conn,
        store: deps.store,
        files,
        lock: run.lock,
        key: run.key,
        name: opts.audienceName,
        advertiserIds: opts.advertiserIds,
        planId,
        runId: run.runId,
        audienceId,
        snapshotPath: baseline.snapshotPath,
        typeCodes,
        // A discarded snapshot, and the plan of a run that died writing to that other audience, describe
        // nothing any more; the store no longer points at them.
        onFirst: async () => {
          if (!target.snapshotValid)
            await files.remove(state?.snapshotPath, ...(state?.pending ? planParts(state.pending) : []));
        },
      })
    : undefined;
  // A paced sender waits until what is queued lasts while the next chunk is planned, or, behind a slower planner,
  // until the rest of the source is planned (see GroupQueue, ChunkSizer.leadBatches); until the first chunk is
  // measured it waits for that chunk.
  const perSecond = deps.client.requestsPerSecond();
  const queue = new GroupQueue(Number.isFinite(perSecond) ? Infinity : 0);
  const ack = async (op: 'add' | 'delete', batchNo: number, rowCount: number, rows: RefusedRow[]) => {
    // A run that lost its lock stops sending: another run may already be planning from the store.
    run.lock.assertHeld();
    // 20001: TikTok applied the batch but refused some rows. Such a batch is not recorded as acknowledged:
    // should this run die, the next one counts its rows as uncertain and sends them again.
    if (rows.length > 0) refused.add(op, batchNo, rowCount, rows);
    else await recordAckedBatch(deps.store, { key: run.key, planId, op, batchNo, rowCount });
    batchesSent += 1;
    deps.onProgress?.(batchesSent, batchesPlanned);
  };
  // Requests' bodies are built on a connection of their own, so that they do not wait for the planning.
  const sending = audienceId
    ? sendBatches(queue, {
        conn: await run.connect(),
        client: deps.client,
        advertiserIds: opts.advertiserIds,
        audienceId,
        concurrency: deps.concurrency,
        onAck: ack,
      })
    : undefined;
  // Handled when awaited below; the planner may still be busy when it fails.
  sending?.catch(() => undefined);
  const addSchema = opts.idTypes.map((t) => ID_SCHEMA_NAME[t]);
  const send = async (op: 'add' | 'delete', range: BatchRange): Promise<void> => {
    // A stopped sender sends nothing more: a part recorded now would only make its pairs uncertain.
    if (!recorder || queue.stopped) return;
    await recorder.record(op);
    batchesPlanned += range.to - range.from + 1;
    deps.onProgress?.(batchesSent, batchesPlanned);
    // Removal rows carry one identifier each, of any type the snapshot holds (id types may have changed).
    const group =
      op === 'add'
        ? { op, typeCodes, idSchema: addSchema, ...range }
        : { op, typeCodes: ALL_CODES, idSchema: ALL_SCHEMA, ...range };
    queue.push(group);
  };
  let normalized: NormalizeStats;
  let plan: PlanCounts;
  let planned = false;
  try {
    const sizer = new ChunkSizer({
      rows: normalizer.rowsRead,
      batchSize: opts.batchSize,
      snapshotPairs: certainPairs,
      ceilingRowsPerSecond: perSecond * opts.batchSize,
    });
    const unsentRows = () => (batchesPlanned - batchesSent) * opts.batchSize;
    for (let range = sizer.next(); range && !queue.stopped; range = sizer.next(unsentRows())) {
      const chunkBegan = now();
      await normalizer.chunk(range, 'chunk_pairs');
      const part = await planner.addChunk('chunk_pairs', range.to >= normalizer.rowsRead);
      if (part) await send('add', part);
      sizer.took(range.to - range.from, now() - chunkBegan);
      queue.setLead(sizer.leadBatches(perSecond));
      log.debug({ ...range, ms: now() - chunkBegan, unsentRows: unsentRows() }, 'chunk planned');
    }
    if (queue.stopped) await sending;
    await conn.run('DROP TABLE IF EXISTS chunk_pairs');
    normalized = await normalizer.finish();
    log.info({ rowsRead: normalized.rowsRead, ms: now() - began, rssMb: rssMb() }, 'source normalised');
    if (opts.mode === 'mirror' && normalized.rowsWithIdentifier === 0 && !opts.allowEmpty && !opts.dryRun) {
      const refusal = new EmptyAudienceRefused(normalized.rowsRead, normalized.rejectedByReason, run.runId);
      // The refused run keeps what it read and rejected (and its rejects file), so its rejects can be looked at.
      await finishRun(deps.store, run.runId, {
        status: 'failed',
        report: {
          ...refusedReport(run.runId, opts, target, normalized, now() - began),
          ...requestCounts(deps.client.stats(), run.statsBefore),
        },
        error: errorRecord(refusal),
      });
      throw refusal;
    }
    const removals = await planner.planRemovals();
    if (removals) await send('delete', removals);
    plan = await planner.counts();
    planned = true;
    log.info({ ...plan, ms: now() - began, rssMb: rssMb() }, 'plan computed');
  } finally {
    // A failed run sends nothing more than the requests in flight.
    if (planned) queue.end();
    else queue.stop();
    await sending?.catch(() => undefined);
    await normalizer.close();
  }
  if (sending) {
    await sending;
    log.info({ ms: now() - began, batches: batchesSent, rssMb: rssMb() }, 'batches sent');
  }
  return { normalized, plan, batchesSent, refused, partPaths: recorder?.paths ?? [], typeCodes };
}
