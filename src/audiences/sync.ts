import { createHash } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { openDuck, sourceAccess, sourceLabel, type SourceSpec } from '../sources/index.js';
import { blobStoreFor } from '../store/blobs.js';
import { acquireRunLock, type RunLock } from '../store/run-lock.js';
import { followRunPauses } from '../store/run-pause.js';
import { finishRun, startRun } from '../store/runs.js';
import { foldDeadRun } from './fold-dead-run.js';
import { SourceNormalizer } from './normalize-sql.js';
import { EmptyAudienceRefused, type AudienceSyncOptions } from './options.js';
import { MemoryPeaks } from './memory-peaks.js';
import { planAndSend } from './plan-and-send.js';
import type { AudienceSyncReport } from './report.js';
import { AudienceFiles } from './snapshot-files.js';
import { audienceRelation } from './source-relation.js';
import { loadAudienceState, recordCreation, rememberAudience } from './state.js';
import { commitFinalSnapshot, finishSyncRun } from './sync-finish.js';
import { errorRecord, rssMb, type AudienceSyncDeps, type SyncRun } from './sync-run.js';
import { resolveTarget } from './target.js';

export { errorRecord, type AudienceSyncDeps } from './sync-run.js';

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
    ...(deps.duckMemoryLimit === undefined ? {} : { memoryLimit: deps.duckMemoryLimit }),
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

    const run: SyncRun = {
      deps,
      opts,
      runId,
      key,
      dir,
      files,
      lock,
      conn,
      connect: () => duck.connect(),
      log,
      now,
      began,
      statsBefore,
      state,
      target,
      rejectsPath,
    };
    const baseline = await foldDeadRun(run);
    const sent = await planAndSend(run, normalizer, baseline);
    const final = await commitFinalSnapshot(run, baseline, sent);
    return await finishSyncRun(run, sent, final, baseline.resumed);
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
