import type { DuckDBConnection } from '@duckdb/node-api';
import type { RunLock } from '../store/run-lock.js';
import type { Store } from '../store/store.js';
import type { SendGroup, GroupSource } from './sender.js';
import type { AudienceFiles } from './snapshot-files.js';
import { writePlanPart } from './plan-parts.js';
import { savePendingPlan } from './state.js';

/**
 * Source rows of each chunk of a pipelined sync: the first chunks small (a few batches), so that sending
 * starts early, then doubling up to a cap, so that a large source takes few chunks (each one costs an anti
 * join against the snapshot, and one of its new pairs against every pair added before it). Against a snapshot (a re-sync,
 * `snapshotPairs` > 0) two halves: its anti join with each chunk cost a 1M-row 1%-churn re-sync 3.6 CPU s
 * in six chunks, and such a run sends few batches, which need no early start.
 */
export function* chunkRanges(
  rows: number,
  batchSize: number,
  snapshotPairs = 0,
): Generator<{ from: number; to: number }> {
  const first = Math.max(4 * batchSize, 1000, snapshotPairs > 0 ? Math.ceil(rows / 2) : 0);
  const cap = Math.max(64 * batchSize, first);
  let size = first;
  for (let from = 0; from < rows; from += size, size = Math.min(size * 2, cap))
    yield { from, to: Math.min(from + size, rows) };
  if (rows === 0) yield { from: 0, to: 0 };
}

/** Groups handed from the planner to the sender as their parts are recorded. */
export class GroupQueue implements GroupSource {
  private readonly groups: SendGroup[] = [];
  private waiter: ((g: SendGroup | undefined) => void) | undefined;
  private ended = false;
  private stoppedFlag = false;

  /** Whether the sender stopped (it failed): the planner stops too. */
  get stopped(): boolean {
    return this.stoppedFlag;
  }

  push(group: SendGroup): void {
    if (this.stoppedFlag || this.ended) return;
    if (this.waiter) this.settle(group);
    else this.groups.push(group);
  }

  /** No more groups. */
  end(): void {
    this.ended = true;
    if (this.groups.length === 0) this.settle(undefined);
  }

  next(): Promise<SendGroup | undefined> {
    const g = this.groups.shift();
    if (g || this.ended || this.stoppedFlag) return Promise.resolve(g);
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  stop(): void {
    this.stoppedFlag = true;
    this.groups.length = 0;
    this.settle(undefined);
  }

  private settle(g: SendGroup | undefined): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.(g);
  }
}

/**
 * Records the parts of a plan: each part's file is stored, then named in the audience's pending plan, in
 * one transaction that checks the run's lock, before any of its batches is sent. A run that dies is folded
 * from the parts recorded, and the acknowledged batches among them (nothing else was sent).
 */
export class PlanRecorder {
  private readonly parts: string[] = [];

  constructor(
    private readonly deps: {
      conn: DuckDBConnection;
      store: Store;
      files: AudienceFiles;
      lock: RunLock;
      key: string;
      name: string;
      advertiserIds: string[];
      planId: string;
      runId: string;
      audienceId: string;
      /** The snapshot the plan was computed against (null: none, or discarded). */
      snapshotPath: string | null;
      typeCodes: readonly number[];
      /** Called once the first part is recorded (the store no longer names what the run replaces). */
      onFirst?: () => Promise<void>;
    },
  ) {}

  /** All parts recorded. */
  get paths(): readonly string[] {
    return this.parts;
  }

  /** Records the add batches in part_rows, or the removals in remove_rows. */
  async record(op: 'add' | 'delete'): Promise<void> {
    const d = this.deps;
    const path = d.files.name(`plan-${d.planId}-p${this.parts.length}.parquet`);
    await writePlanPart(d.conn, d.files.localFor(path), op, d.typeCodes);
    d.lock.assertHeld();
    await d.files.keep(path);
    const parts = [...this.parts, path];
    await d.store.transaction(async (tx) => {
      await d.lock.checkIn(tx);
      await savePendingPlan(tx, {
        key: d.key,
        name: d.name,
        advertiserIds: d.advertiserIds,
        pending: { planId: d.planId, planPath: parts[0]!, parts, runId: d.runId, audienceId: d.audienceId },
        snapshotPath: d.snapshotPath,
      });
    });
    this.parts.push(path);
    if (this.parts.length === 1) await d.onFirst?.();
  }
}
