import type { DuckDBConnection } from '@duckdb/node-api';
import type { RunLock } from '../store/run-lock.js';
import type { Store } from '../store/store.js';
import type { SendGroup, GroupSource } from './sender.js';
import type { AudienceFiles } from './snapshot-files.js';
import { writePlanPart } from './plan-parts.js';
import { savePendingPlan } from './state.js';

/**
 * Groups handed from the planner to the sender as their parts are recorded.
 *
 * With a `lead` (batches), the first group is handed over only once that many batches are queued, or the plan
 * is complete: a paced sender (TikTok's QPS) that started on the first few batches would run dry while the
 * planner is still getting up to speed, and every second it waits lowers its rate below the ceiling. With a
 * lead that lasts while the next chunk is planned, it starts a little later and then sends steadily.
 */
export class GroupQueue implements GroupSource {
  private readonly groups: SendGroup[] = [];
  private waiter: ((g: SendGroup | undefined) => void) | undefined;
  private ended = false;
  private stoppedFlag = false;
  private started: boolean;

  constructor(private lead = 0) {
    this.started = lead <= 0;
  }

  /** Whether the sender stopped (it failed): the planner stops too. */
  get stopped(): boolean {
    return this.stoppedFlag;
  }

  push(group: SendGroup): void {
    if (this.stoppedFlag || this.ended) return;
    this.groups.push(group);
    if (!this.started && this.queuedBatches() >= this.lead) this.started = true;
    if (this.waiter && this.started) this.settle(this.groups.shift());
  }

  /** No more groups. */
  end(): void {
    this.ended = true;
    this.started = true;
    if (this.waiter) this.settle(this.groups.shift());
  }

  next(): Promise<SendGroup | undefined> {
    if (this.stoppedFlag) return Promise.resolve(undefined);
    if (this.started && (this.groups.length > 0 || this.ended)) return Promise.resolve(this.groups.shift());
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  /** Changes the lead (batches queued before the first group is handed over); the queue may start at once. */
  setLead(lead: number): void {
    if (this.started) return;
    this.lead = lead;
    if (this.queuedBatches() >= lead) {
      this.started = true;
      if (this.waiter && this.groups.length > 0) this.settle(this.groups.shift());
    }
  }

  private queuedBatches(): number {
    return this.groups.reduce((n, g) => n + g.to - g.from + 1, 0);
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
