import { loadBaseline, writeBaseline } from './plan.js';
import type { AudienceFiles } from './snapshot-files.js';
import { ackedBatchKeys, commitSnapshot, planParts } from './state.js';
import type { SyncRun } from './sync-run.js';

/** The snapshot a run plans against: its version and blob name (null: none). */
export interface Baseline {
  version: number;
  snapshotPath: string | null;
}

/**
 * Loads what TikTok has into the run's DuckDB (tables `snap` and `uncertain`): the last acknowledged snapshot,
 * folded with the plan of a run that died (its acknowledged batches become certain, the rest uncertain).
 * A fold is stored as a new snapshot before anything is sent, so that a run dying again still knows what the
 * first one got acknowledged.
 * @returns whether a dead run's plan was folded, and the baseline the run goes on from.
 */
export async function foldDeadRun(run: SyncRun): Promise<Baseline & { resumed: boolean }> {
  const { deps, opts, files, lock, key, state, target, conn } = run;
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
    run.log.info({ acked: dead?.acked.length ?? 0 }, 'folded the plan of a run that died');
  }
  return { resumed, version, snapshotPath };
}

/** Local files of the blobs `names` (all must exist). */
async function fetchAll(files: AudienceFiles, names: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const name of names) out.push((await files.fetch(name))!);
  return out;
}
