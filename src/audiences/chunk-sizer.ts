/** A chunk of source rows: `from` <= row < `to`. */
export interface RowRange {
  from: number;
  to: number;
}

/** Share of the planner's measured speed counted on when a paced sender must not run dry. */
const SAFETY = 0.8;

/**
 * Sizes the chunks of source rows a pipelined sync hashes and plans one after the other.
 *
 * The first chunks are small (a few batches; paced, one second of requests), so that sending starts early;
 * later ones grow, so that a large source takes few chunks (each costs an anti join against the snapshot, and
 * one of its new pairs against every pair added before it). Against a snapshot (a re-sync, `snapshotPairs` > 0)
 * two halves: its anti join with each chunk cost a 1M-row 1%-churn re-sync 3.6 CPU s in six chunks, and such a
 * run sends few batches, which need no early start.
 *
 * How fast chunks grow depends on who is slower. When the sender can go faster than the planner (an unpaced
 * client), it waits for every part whatever the sizes: chunks double, up to a cap, for the least planning work.
 * When the client is paced below the planner's speed (TikTok's QPS: Basic sends 10 batches a second), a part
 * that doubles can take longer to plan than the sender needs for the rows it still has, and sending stops
 * until the part is ready. Then the next chunk holds no more rows than the planner can plan while the sender
 * works through what it has: the rows not yet sent, times the planner's speed over the sender's (measured from
 * the last chunk), with a margin. With the sender's lead ({@link ChunkSizer.leadBatches}) it then runs at its
 * ceiling from its first request on; when the planner is the slower one, that lead is what the sender needs
 * not to run dry before the whole source is planned (it starts later, and then sends at its ceiling).
 */
export class ChunkSizer {
  private readonly first: number;
  private readonly cap: number;
  private next_ = 0;
  private last = 0;
  private started = false;
  /** Rows per second the planner took the last chunk at (undefined: not measured yet). */
  private rate: number | undefined;

  constructor(
    private readonly opts: {
      /** Rows of the source. */
      rows: number;
      /** Rows of one request. */
      batchSize: number;
      /** Pairs of the snapshot the plan diffs against (0: none). */
      snapshotPairs?: number;
      /** Rows a second the client sends at most (its requests per second x batch size); Infinity: unpaced. */
      ceilingRowsPerSecond?: number;
    },
  ) {
    const { rows, batchSize } = opts;
    const ceiling = opts.ceilingRowsPerSecond ?? Infinity;
    // Paced, a chunk is at least one second of requests (4 to 16 batches): each chunk also costs a fixed
    // ~0.25 s (its statements, its part's file and transaction), which smaller chunks cannot amortise at the
    // sender's pace.
    const paced = ceiling < Infinity ? Math.min(Math.max(ceiling, 4 * batchSize), 16 * batchSize) : 0;
    const half = (opts.snapshotPairs ?? 0) > 0 ? Math.ceil(rows / 2) : 0;
    this.first = Math.max(4 * batchSize, 1000, paced, half);
    this.cap = Math.max(64 * batchSize, this.first);
  }

  /**
   * The next chunk, or undefined when every row was given. A source without rows gives one empty chunk, so
   * that the plan is still finished by a last chunk.
   * @param unsentRows rows planned and not yet acknowledged by the sender.
   */
  next(unsentRows = 0): RowRange | undefined {
    const { rows } = this.opts;
    if (!this.started && rows === 0) {
      this.started = true;
      return { from: 0, to: 0 };
    }
    if (this.next_ >= rows) return undefined;
    let size = this.started ? this.grown(unsentRows) : this.first;
    this.started = true;
    // A remainder smaller than a first chunk goes with this one rather than as a chunk of its own.
    if (rows - (this.next_ + size) < this.first) size = rows - this.next_;
    const range = { from: this.next_, to: Math.min(this.next_ + size, rows) };
    this.next_ = range.to;
    this.last = range.to - range.from;
    return range;
  }

  /** The last chunk's rows were hashed, planned and handed to the sender in `ms`. */
  took(rows: number, ms: number): void {
    this.rate = ms > 0 && rows > 0 ? (rows * 1000) / ms : undefined;
  }

  /** Whether the planner went faster than the sender may (last chunk measured; false when unpaced or unknown). */
  outpacesSender(): boolean {
    const ceiling = this.opts.ceilingRowsPerSecond ?? Infinity;
    return ceiling < Infinity && this.rate !== undefined && this.rate > ceiling;
  }

  /**
   * Batches a paced sender should have queued before it starts (after the chunk just planned). When the planner
   * is faster, as many as it sends while the next chunk (at least a first one) is planned at the last chunk's
   * speed. When it is slower, enough that the sender does not run dry before the rest of the source is planned:
   * it drains the queue at its ceiling while the planner refills it more slowly, so the queue must hold the rest's
   * rows times (ceiling / planner's speed - 1), the speed counted with a margin. 0 when unpaced or not measured.
   */
  leadBatches(requestsPerSecond: number): number {
    const ceiling = this.opts.ceilingRowsPerSecond ?? Infinity;
    if (ceiling === Infinity || this.rate === undefined) return 0;
    if (this.outpacesSender()) return Math.ceil((requestsPerSecond * this.first) / this.rate);
    const unplanned = this.opts.rows - this.next_;
    return Math.ceil((unplanned * (ceiling / (this.rate * SAFETY) - 1)) / this.opts.batchSize);
  }

  private grown(unsentRows: number): number {
    const doubled = Math.min(2 * this.last, this.cap);
    if (!this.outpacesSender()) return doubled;
    const keepsUp = Math.floor(unsentRows * (this.rate! / this.opts.ceilingRowsPerSecond!) * SAFETY);
    return Math.max(this.first, Math.min(keepsUp, doubled));
  }
}
