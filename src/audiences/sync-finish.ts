import { join } from 'node:path';
import { finishRun } from '../store/runs.js';
import type { Baseline } from './fold-dead-run.js';
import { readMatch } from './matches.js';
import type { SentPlan } from './plan-and-send.js';
import { finalSnapshotSql } from './plan.js';
import { appendRefusedRejects, withoutRefusedSql } from './refused.js';
import { MAX_REJECT_LINES } from './rejects-sql.js';
import { rejectsNote, reportAdvice, requestCounts, whatWasRead, type AudienceSyncReport } from './report.js';
import { writePairsFile } from './snapshot.js';
import { commitSnapshot, planParts } from './state.js';
import type { SyncRun } from './sync-run.js';

/** The pairs TikTok has after the run (a SELECT), and the sent pairs TikTok refused in partial answers. */
export interface FinalPairs {
  finalSql: string;
  notApplied: { add: number; delete: number };
}

/**
 * Stores what TikTok has now as the audience's next snapshot, once every batch is answered, and removes the
 * snapshot and plan parts it replaces. Rows TikTok refused are left out, so that the next run sends them again.
 * A dry run stores nothing.
 */
export async function commitFinalSnapshot(
  run: SyncRun,
  baseline: Baseline,
  sent: SentPlan,
): Promise<FinalPairs> {
  const { deps, opts, files, target, state } = run;
  let finalSql = finalSnapshotSql(opts.mode);
  let notApplied = { add: 0, delete: 0 };
  const audienceId = opts.dryRun ? null : target.audienceId;
  if (!audienceId) return { finalSql, notApplied };
  if (!sent.refused.empty) {
    notApplied = await sent.refused.load(run.conn, sent.typeCodes);
    finalSql = withoutRefusedSql(finalSql);
  }
  const version = baseline.version + 1;
  const next = files.name(`snapshot-v${version}.parquet`);
  await writePairsFile(run.conn, finalSql, files.localFor(next));
  run.lock.assertHeld();
  await files.keep(next);
  await commitSnapshot(deps.store, {
    key: run.key,
    name: opts.audienceName,
    advertiserIds: opts.advertiserIds,
    audienceId,
    snapshotPath: next,
    snapshotVersion: version,
    lock: run.lock,
  });
  await files.remove(baseline.snapshotPath, ...sent.partPaths);
  if (sent.partPaths.length === 0 && !target.snapshotValid)
    await files.remove(state?.snapshotPath, ...(state?.pending ? planParts(state.pending) : []));
  run.log.info({ ms: run.now() - run.began }, 'snapshot committed');
  return { finalSql, notApplied };
}

/** Builds the run's report (members, match, refused rows and rejects) and records the run as finished. */
export async function finishSyncRun(
  run: SyncRun,
  sent: SentPlan,
  final: FinalPairs,
  resumed: boolean,
): Promise<AudienceSyncReport> {
  const { deps, opts, target, conn, runId, rejectsPath } = run;
  const { normalized, plan, refused } = sent;
  const audienceIdentifiers = opts.dryRun
    ? plan.desired
    : Number(
        (
          await conn.runAndReadAll(`SELECT count(*) AS n FROM (${final.finalSql}) WHERE certain`)
        ).getRowObjects()[0]?.n ?? 0,
      );
  const matched =
    !opts.dryRun && target.audienceId
      ? await readMatch(deps, { runId, owner: opts.advertiserIds[0] ?? '', audienceId: target.audienceId })
      : null;
  const refusedByTikTok = refused.byReason();
  let rejectsFile = normalized.rejectsFile;
  if (!refused.empty && rejectsPath) {
    const written = Object.values(normalized.rejectedByReason).reduce((a, b) => a + b, 0);
    const room = MAX_REJECT_LINES - Math.min(written, MAX_REJECT_LINES);
    const tmp = join(run.dir, `refused-${runId}.csv`);
    if ((await appendRefusedRejects(conn, { path: rejectsPath, tmp, room })) > 0) rejectsFile = rejectsPath;
  }
  const advice = reportAdvice({ ...normalized, rejected: normalized.rejectedByReason, mode: opts.mode });
  const report: AudienceSyncReport = {
    runId,
    status: opts.dryRun ? 'dry_run' : 'succeeded',
    ...whatWasRead(opts, target, normalized),
    // What TikTok refused in partial answers was sent, but neither added nor removed.
    added: plan.addPairs - final.notApplied.add,
    removed: plan.removePairs - final.notApplied.delete,
    unchanged: plan.desired - plan.addPairs,
    identifiersSent: opts.dryRun ? 0 : plan.addPairs + plan.removePairs,
    batchesSent: sent.batchesSent,
    resumedFromDeadRun: resumed,
    audienceIdentifiers,
    ...requestCounts(deps.client.stats(), run.statsBefore),
    durationMs: run.now() - run.began,
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
