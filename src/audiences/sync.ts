import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ID_SCHEMA_NAME } from '../identity/index.js';
import type { Logger } from '../logger.js';
import { openDuck, sourceAccess, sourceLabel, type SourceSpec } from '../sources/index.js';
import { blobStoreFor } from '../store/blobs.js';
import { acquireRunLock, type ConcurrentRuns, type RunLock } from '../store/run-lock.js';
import { followRunPauses } from '../store/run-pause.js';
import { finishRun, startRun, type RunOrigin } from '../store/runs.js';
import type { Store } from '../store/store.js';
import type { TikTokClient } from '../tiktok/index.js';
import { ID_TYPE_CODE, SourceNormalizer, type NormalizeStats } from './normalize-sql.js';
import { EmptyAudienceRefused, type AudienceSyncOptions } from './options.js';
import { finalSnapshotSql, loadBaseline, writeBaseline } from './plan.js';
import { PartPlanner, type BatchRange, type PlanCounts } from './plan-parts.js';
import { chunkRanges, GroupQueue, PlanRecorder } from './pipeline.js';
import { readMatch } from './matches.js';
import { MemoryPeaks } from './memory-peaks.js';
import { appendRefusedRejects, RefusedRows, withoutRefusedSql } from './refused.js';
import { MAX_REJECT_LINES } from './rejects-sql.js';
import {
  refusedReport,
  whatWasRead,
  rejectsNote,
  reportAdvice,
  requestCounts,
  type AudienceSyncReport,
} from './report.js';
import { sendBatches, type RefusedRow } from './sender.js';
import { writePairsFile } from './snapshot.js';
import { AudienceFiles } from './snapshot-files.js';
import { audienceRelation } from './source-relation.js';
import {
  ackedBatchKeys,
  commitSnapshot,
  loadAudienceState,
  recordAckedBatch,
  planParts,
  recordCreation,
  rememberAudience,
} from './state.js';
import { resolveTarget } from './target.js';

/** What a sync needs from the outside world, built once at start-up. */
export interface AudienceSyncDeps {
  store: Store;
  client: TikTokClient;
  logger: Logger;
  /**
   * Root data directory; the audience's work files live in `<dataDir>/audiences/<key>/`, and so do its
   * snapshots and plans with the embedded store (with PostgreSQL they are blobs in the store).
   */
  dataDir: string;
  /** Another run of this audience is going (another process or machine): wait for it (default) or refuse. */
  concurrentRuns?: ConcurrentRuns;
  /** Requests in flight (the client's rate limit still applies). */
  concurrency: number;
  /** Called as parts of the plan are recorded and batches acknowledged: done and planned batches so far. */
  onProgress?: (done: number, total: number) => void;
  now?: () => number;
  /** DuckDB memory limit (spills beyond it). */
  duckMemoryLimit?: string;
  /** Directories the source may read (the `sourceRoots` setting); unset: DuckDB reads anything. */
  sourceRoots?: readonly string[] | undefined;
  /**
   * When given, the run's rejects (rejected values as read, rows without identifier; the first
   * MAX_REJECT_LINES) are written to `<rejectsDir>/<runId>.csv` when there are any. They are personal data.
   */
  rejectsDir?: string;
  /** Like `rejectsDir`, but this exact file (the CLI's `--rejects`); wins over `rejectsDir`. */
  rejectsPath?: string;
  /** What made this run (a workflow's step), stored with the run's params so the run names its workflow. */
  origin?: RunOrigin;
}

/** Identifies one audience across runs: its name under its set of advertisers. */
export function audienceKey(advertiserIds: readonly string[], name: string): string {
  return createHash('sha256')
    .update(JSON.stringify([[...advertiserIds].sort(), name]))
    .digest('hex')
    .slice(0, 32);
}

/**
 * Makes the TikTok custom audience equal to the source's customers (mirror) or adds them (add-only),
 * sending only what changed since the last acknowledged snapshot, and resuming exactly from what TikTok
 * acknowledged when an earlier run died.
 */
export async function syncAudience(
  deps: AudienceSyncDeps,
  source: SourceSpec,
  opts: AudienceSyncOptions,
): Promise<AudienceSyncReport> {
  const now = deps.now ?? Date.now;
  const began = now();
  const statsBefore = deps.client.stats();
  const runId = await startRun(deps.store, {
    kind: 'audience',
    params: {
      audienceName: opts.audienceName,
      advertiserIds: opts.advertiserIds,
      mode: opts.mode,
      idTypes: opts.idTypes,
      defaultRegion: opts.defaultRegion,
      batchSize: opts.batchSize,
      dryRun: opts.dryRun,
      source: sourceLabel(source),
      ...(deps.origin ? { origin: deps.origin } : {}),
    },
  });
  const log = deps.logger.child({ runId, audience: opts.audienceName });
  log.info({ rssMb: rssMb() }, 'sync started');
  const key = audienceKey(opts.advertiserIds, opts.audienceName);
  const dir = join(deps.dataDir, 'audiences', key);
  await mkdir(dir, { recursive: true });
  const files = new AudienceFiles(blobStoreFor(deps.store, deps.dataDir), dir, key);
  // One run per audience across processes and machines; held until the run ends, checked at each commit.
  let lock: RunLock;
  try {
    lock = await acquireRunLock(deps.store, {
      scope: `audience:${key}`,
      runId,
      concurrentRuns: deps.concurrentRuns ?? 'wait',
      onWait: (message, holder) => log.warn({ holder }, message),
    });
  } catch (err) {
    await finishRun(deps.store, runId, { status: 'failed', error: errorRecord(err) }).catch(() => undefined);
    throw err;
  }
  // Earlier versions worked in a scratch database file here; a run killed before removing it left it behind.
  await rm(join(dir, 'work.duckdb'), { force: true });
  await rm(join(dir, 'work.duckdb.wal'), { force: true });
  const rejectsPath =
    deps.rejectsPath ?? (deps.rejectsDir ? join(deps.rejectsDir, `${runId}.csv`) : undefined);
  // Confined to the source roots, DuckDB still writes this audience's snapshots and plans, and this run's rejects.
  // An in-memory database: DuckDB (1.5) spills its tables to the temp directory beyond the memory limit, and
  // it skips the scratch file's writes and checkpoints, which cost 1M-row syncs more wall time than the plan.
  const duck = await openDuck({
    memoryLimit: deps.duckMemoryLimit ?? '1GB',
    ...sourceAccess(deps.sourceRoots, { directories: [dir], files: [rejectsPath] }),
    // Not locked: preserve_insertion_order is turned off once the source is read (below), which a locked
    // configuration refuses. The source query is still one checked SELECT (checkedRelationSql) with
    // external access off, so it can neither SET anything nor ATTACH, INSTALL, LOAD or COPY.
    lockConfiguration: false,
  });
  // While TikTok pauses the client, the run's status says until when (for the server and other processes).
  const pauses = followRunPauses(deps.store, runId, deps.client, log);
  // Debug only: the peak's breakdown (DuckDB, store, V8) costs a DuckDB query every 100 ms.
  const peaks = log.isLevelEnabled('debug') ? new MemoryPeaks(await duck.connect(), deps.store) : undefined;
  try {
    const conn = duck.connection;
    // Columns are checked, then TikTok is asked, before the long normalisation: wrong input or credentials fail fast.
    const relation = await audienceRelation(duck, source, opts.columns);
    const owner = opts.advertiserIds[0] ?? '';
    const state = await loadAudienceState(deps.store, key);
    const target = await resolveTarget(deps.client, {
      owner,
      name: opts.audienceName,
      state,
      create: !opts.dryRun,
      remember: (audienceId) =>
        rememberAudience(deps.store, {
          key,
          name: opts.audienceName,
          advertiserIds: opts.advertiserIds,
          audienceId,
        }),
      creating: (creating) =>
        recordCreation(deps.store, { key, advertiserIds: opts.advertiserIds, creating }),
      now,
    });
    for (const warning of target.warnings)
      log.warn({ audienceId: target.audienceId, storedAudienceId: state?.audienceId ?? null }, warning);
    const normalizer = await SourceNormalizer.open(conn, {
      relationSql: relation.relationSql,
      columns: relation.columns,
      idTypes: opts.idTypes,
      defaultRegion: opts.defaultRegion,
      rejectsPath,
    });
    // Row order mattered only for numbering source rows (the source's copy is made); from here on every
    // order is explicit, and without it DuckDB can spill the plan's large tables on 10M-row sources.
    await conn.run('SET preserve_insertion_order = false');
    log.info({ rowsRead: normalizer.rowsRead, ms: now() - began, rssMb: rssMb() }, 'source read');

    let version = state?.snapshotVersion ?? 0;
    let snapshotPath = target.snapshotValid ? (state?.snapshotPath ?? null) : null;
    const pending = state?.pending;
    const dead =
      target.snapshotValid && pending && pending.audienceId === target.audienceId
        ? {
            planPaths: await fetchAll(files, planParts(pending)),
            acked: await ackedBatchKeys(deps.store, key, pending.planId),
          }
        : undefined;
    const resumed = await loadBaseline(conn, await files.fetch(snapshotPath), dead);
    if (resumed && !opts.dryRun && target.audienceId) {
      // Persist the fold first: if this run dies too, the next one must still know what the first acknowledged.
      version += 1;
      const folded = files.name(`snapshot-v${version}.parquet`);
      await writeBaseline(conn, files.localFor(folded));
      lock.assertHeld();
      await files.keep(folded);
      await commitSnapshot(deps.store, {
        key,
        name: opts.audienceName,
        advertiserIds: opts.advertiserIds,
        audienceId: target.audienceId,
        snapshotPath: folded,
        snapshotVersion: version,
        lock,
      });
      await files.remove(snapshotPath, ...(pending ? planParts(pending) : []));
      snapshotPath = folded;
      log.info({ acked: dead?.acked.length ?? 0 }, 'folded the plan of a run that died');
    }

    const typeCodes = opts.idTypes.map((t) => ID_TYPE_CODE[t]);
    const planner = new PartPlanner(conn, { mode: opts.mode, batchSize: opts.batchSize, typeCodes });
    const certainPairs = await planner.start();
    let batchesSent = 0;
    let batchesPlanned = 0;
    const refused = new RefusedRows();
    let finalSql = finalSnapshotSql(opts.mode);
    let notApplied = { add: 0, delete: 0 };
    const audienceId = opts.dryRun ? null : target.audienceId;
    const planId = randomUUID();
    const recorder = audienceId
      ? new PlanRecorder({
          conn,
          store: deps.store,
          files,
          lock,
          key,
          name: opts.audienceName,
          advertiserIds: opts.advertiserIds,
          planId,
          runId,
          audienceId,
          snapshotPath,
          typeCodes,
          // A discarded snapshot, and the plan of a run that died writing to that other audience, describe
          // nothing any more; the store no longer points at them.
          onFirst: async () => {
            if (!target.snapshotValid)
              await files.remove(state?.snapshotPath, ...(state?.pending ? planParts(state.pending) : []));
          },
        })
      : undefined;
    const queue = new GroupQueue();
    const ack = async (op: 'add' | 'delete', batchNo: number, rowCount: number, rows: RefusedRow[]) => {
      // A run that lost its lock stops sending: another run may already be planning from the store.
      lock.assertHeld();
      // 20001: TikTok applied the batch but refused some rows. Such a batch is not recorded as acknowledged:
      // should this run die, the next one counts its rows as uncertain and sends them again.
      if (rows.length > 0) refused.add(op, batchNo, rowCount, rows);
      else await recordAckedBatch(deps.store, { key, planId, op, batchNo, rowCount });
      batchesSent += 1;
      deps.onProgress?.(batchesSent, batchesPlanned);
    };
    // Requests' bodies are built on a connection of their own, so that they do not wait for the planning.
    const sending = audienceId
      ? sendBatches(queue, {
          conn: await duck.connect(),
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
      const chunks = [...chunkRanges(normalizer.rowsRead, opts.batchSize, certainPairs)];
      for (const [i, range] of chunks.entries()) {
        if (queue.stopped) break;
        await normalizer.chunk(range, 'chunk_pairs');
        const part = await planner.addChunk('chunk_pairs', i === chunks.length - 1);
        if (part) await send('add', part);
      }
      if (queue.stopped) await sending;
      await conn.run('DROP TABLE IF EXISTS chunk_pairs');
      normalized = await normalizer.finish();
      log.info({ rowsRead: normalized.rowsRead, ms: now() - began, rssMb: rssMb() }, 'source normalised');
      if (opts.mode === 'mirror' && normalized.rowsWithIdentifier === 0 && !opts.allowEmpty && !opts.dryRun) {
        const refusal = new EmptyAudienceRefused(normalized.rowsRead, normalized.rejectedByReason, runId);
        // The refused run keeps what it read and rejected (and its rejects file), so its rejects can be looked at.
        await finishRun(deps.store, runId, {
          status: 'failed',
          report: {
            ...refusedReport(runId, opts, target, normalized, now() - began),
            ...requestCounts(deps.client.stats(), statsBefore),
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
    if (audienceId && recorder) {
      await sending;
      log.info({ ms: now() - began, batches: batchesSent, rssMb: rssMb() }, 'batches sent');
      if (!refused.empty) {
        // Refused rows are not members: the snapshot leaves them out, so that the next run sends them again.
        notApplied = await refused.load(conn, typeCodes);
        finalSql = withoutRefusedSql(finalSql);
      }
      version += 1;
      const next = files.name(`snapshot-v${version}.parquet`);
      await writePairsFile(conn, finalSql, files.localFor(next));
      lock.assertHeld();
      await files.keep(next);
      await commitSnapshot(deps.store, {
        key,
        name: opts.audienceName,
        advertiserIds: opts.advertiserIds,
        audienceId,
        snapshotPath: next,
        snapshotVersion: version,
        lock,
      });
      await files.remove(snapshotPath, ...recorder.paths);
      if (recorder.paths.length === 0 && !target.snapshotValid)
        await files.remove(state?.snapshotPath, ...(state?.pending ? planParts(state.pending) : []));
      log.info({ ms: now() - began }, 'snapshot committed');
    }

    const audienceIdentifiers = opts.dryRun
      ? plan.desired
      : Number(
          (
            await conn.runAndReadAll(`SELECT count(*) AS n FROM (${finalSql}) WHERE certain`)
          ).getRowObjects()[0]?.n ?? 0,
        );
    const matched =
      !opts.dryRun && target.audienceId
        ? await readMatch(deps, { runId, owner, audienceId: target.audienceId })
        : null;
    const refusedByTikTok = refused.byReason();
    let rejectsFile = normalized.rejectsFile;
    if (!refused.empty && rejectsPath) {
      const written = Object.values(normalized.rejectedByReason).reduce((a, b) => a + b, 0);
      const room = MAX_REJECT_LINES - Math.min(written, MAX_REJECT_LINES);
      const tmp = join(dir, `refused-${runId}.csv`);
      if ((await appendRefusedRejects(conn, { path: rejectsPath, tmp, room })) > 0) rejectsFile = rejectsPath;
    }
    const stats = deps.client.stats();
    const advice = reportAdvice({ ...normalized, rejected: normalized.rejectedByReason, mode: opts.mode });
    const report: AudienceSyncReport = {
      runId,
      status: opts.dryRun ? 'dry_run' : 'succeeded',
      ...whatWasRead(opts, target, normalized),
      // What TikTok refused in partial answers was sent, but neither added nor removed.
      added: plan.addPairs - notApplied.add,
      removed: plan.removePairs - notApplied.delete,
      unchanged: plan.desired - plan.addPairs,
      identifiersSent: opts.dryRun ? 0 : plan.addPairs + plan.removePairs,
      batchesSent,
      resumedFromDeadRun: resumed,
      audienceIdentifiers,
      ...requestCounts(stats, statsBefore),
      durationMs: now() - began,
      matched,
      ...(Object.keys(refusedByTikTok).length > 0 ? { refusedByTikTok } : {}),
      warnings: [...target.warnings, ...advice.warnings, ...refusedWarning(refusedByTikTok)],
      notes: [
        ...advice.notes,
        ...rejectsNote({ ...normalized.rejectedByReason, ...refusedByTikTok }, rejectsFile),
      ],
      ...(rejectsFile ? { rejectsFile } : {}),
    };
    await finishRun(deps.store, runId, { status: report.status, report: { ...report } });
    return report;
  } catch (err) {
    // A refused run is already recorded with its report.
    if (!(err instanceof EmptyAudienceRefused))
      await finishRun(deps.store, runId, { status: 'failed', error: errorRecord(err) }).catch(
        () => undefined,
      );
    throw err;
  } finally {
    await pauses.stop();
    if (peaks) log.debug(peaks.stop(), 'memory peaks');
    duck.close();
    await files.cleanScratch().catch(() => undefined);
    await lock.release();
  }
}

// Removal rows carry one identifier each, of any type the snapshot holds (id types may have changed).
const ALL_CODES = Object.values(ID_TYPE_CODE);
const ALL_SCHEMA = Object.keys(ID_TYPE_CODE).map((t) => ID_SCHEMA_NAME[t as keyof typeof ID_TYPE_CODE]);

/** Local files of the blobs `names` (all must exist). */
async function fetchAll(files: AudienceFiles, names: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const name of names) out.push((await files.fetch(name))!);
  return out;
}

/** The error as stored with a failed run: what happened and what to do; never a token. */
export function errorRecord(err: unknown): Record<string, unknown> {
  const e = err as {
    name?: string;
    message?: string;
    code?: unknown;
    tiktokCode?: unknown;
    remedy?: unknown;
    requestId?: unknown;
    hint?: unknown;
    action?: unknown;
  };
  return {
    name: e?.name ?? 'Error',
    message: e?.message ?? String(err),
    // TikTok's own code and remedy, as stored before TikTok's errors joined the family.
    code: e?.tiktokCode ?? e?.code ?? null,
    requestId: e?.requestId ?? null,
    action: e?.remedy ?? e?.action ?? null,
    hint: e?.hint ?? null,
  };
}

/** Says how many rows TikTok refused inside partial (20001) answers, by reason. */
function refusedWarning(refused: Record<string, number>): string[] {
  const parts = Object.entries(refused).map(([reason, n]) => `${reason}: ${n}`);
  return parts.length
    ? [
        `TikTok applied some requests only in part and refused rows (${parts.join(', ')}): they are not ` +
          'counted as members, the rejects list them, and the next run sends them again.',
      ]
    : [];
}

function rssMb(): number {
  return Math.round(process.memoryUsage().rss / 1_048_576);
}
