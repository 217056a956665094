import { TtadsError } from '../errors.js';
import { InvalidRequest, partialFailures, type TikTokApiError, type TikTokClient } from '../tiktok/index.js';
import { dataJson, journalEntries, rowsAt, sliceBatch, withoutEvent, type OutgoingBatch } from './batches.js';
import type { JournalEntry } from './journal.js';
import { isEventLevel, tiktokReject, type TikTokReject } from './tiktok-rejects.js';

const NO_BYTES = Buffer.alloc(0);

/**
 * What the sender reports back. `acknowledged` journals the events; the sender does not wait for it to
 * free the request slot (the journal syncs in the background), but `drain()` waits for all of them.
 */
export interface SenderHooks {
  acknowledged(entries: JournalEntry[]): Promise<void>;
  /** TikTok refused one event; `rows` are its source rows. */
  rejected(rows: readonly number[], reject: TikTokReject): void;
}

export interface SenderOptions {
  testEventCode?: string | undefined;
  /** Requests (batches, with their splits) in progress at once; the client's own limits still apply. */
  maxInFlight: number;
  /**
   * Refusals in a row, with the same message and no acknowledgement in between, after which the fault is
   * taken to be in the request or settings (not the events) and the run stops instead of paying a request
   * per event.
   */
  maxRefusalStreak?: number;
}

/** TikTok refused the same way too many times in a row: see SenderOptions.maxRefusalStreak. */
export class RefusalStreakError extends TtadsError {
  override readonly name = 'RefusalStreakError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, {
      code: 'refusal_streak',
      cause: options?.cause,
      kind: 'fix_input',
      hint: 'Every event was refused for the same reason: check the event set id or pixel code, the test event code and the clock of this machine.',
    });
  }
}

/**
 * Sends requests with several in flight. A request TikTok fails because of its events (40002 and
 * kin) is mended and sent again: the event TikTok names (`data[N]`) is set aside with TikTok's
 * reason, or, when TikTok names none, the request is cut in halves until the bad events stand alone.
 * Any other failure (credentials, permissions, TikTok down after retries) is fatal: no new request
 * starts, those in flight finish, and `drain()` throws it.
 */
export class BatchSender {
  private inFlight = 0;
  private readonly running = new Set<Promise<void>>();
  private readonly journaling = new Set<Promise<void>>();
  private waiters: (() => void)[] = [];
  private fatal: Error | undefined;
  private streak = { signature: '', count: 0 };

  constructor(
    private readonly client: Pick<TikTokClient, 'trackEventsJson'>,
    private readonly hooks: SenderHooks,
    private readonly options: SenderOptions,
  ) {}

  /** The fatal error, once there is one. */
  get failure(): Error | undefined {
    return this.fatal;
  }

  /** Starts sending a batch once a slot is free; throws the fatal error if one happened. */
  async submit(batch: OutgoingBatch): Promise<void> {
    // Journal writes lagging far behind also hold the reader back, so memory stays bounded.
    while (this.journaling.size > this.options.maxInFlight * 4 && this.fatal === undefined) {
      await Promise.race(this.journaling);
    }
    while (this.inFlight >= this.options.maxInFlight && this.fatal === undefined) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    if (this.fatal !== undefined) throw this.fatal;
    this.inFlight += 1;
    const work = this.deliver(batch)
      .catch((error: unknown) => this.fail(error))
      .finally(() => {
        this.inFlight -= 1;
        this.running.delete(work);
        const waiting = this.waiters;
        this.waiters = [];
        for (const wake of waiting) wake();
      });
    this.running.add(work);
  }

  /** Waits for every batch to end; throws the fatal error if one happened. */
  async drain(): Promise<void> {
    while (this.running.size > 0 || this.journaling.size > 0) {
      await Promise.all([...this.running, ...this.journaling]);
    }
    if (this.fatal !== undefined) throw this.fatal;
  }

  private fail(error: unknown): void {
    this.fatal ??= error instanceof Error ? error : new Error(String(error));
  }

  private async deliver(batch: OutgoingBatch): Promise<void> {
    if (this.fatal !== undefined) return;
    let result;
    try {
      result = await this.client.trackEventsJson({
        eventSource: batch.eventSource,
        eventSourceId: batch.eventSourceId,
        testEventCode: this.options.testEventCode,
        count: batch.size,
        dataJson: dataJson(batch),
      });
    } catch (error) {
      if (!isEventLevel(error)) throw error;
      return this.mend(batch, error);
    }
    // 20001: TikTok applied part of the request; the events it refused are rejects, never acknowledged.
    const refused = result.partial ? this.refusedInPartial(batch, result.data) : new Set<number>();
    if (refused.size === 0) this.streak = { signature: '', count: 0 };
    const entries = journalEntries(batch, refused);
    // The request body is no longer needed: let it go before the journal write, not after.
    batch.bytes = NO_BYTES;
    const journaled = this.hooks.acknowledged(entries).catch((error: unknown) => this.fail(error));
    this.journaling.add(journaled);
    void journaled.finally(() => this.journaling.delete(journaled));
  }

  /** Rejects each event a 20001 answer names as refused; all of them when it names none (none is known applied). */
  private refusedInPartial(batch: OutgoingBatch, data: unknown): Set<number> {
    const failures =
      partialFailures(data) ??
      Array.from({ length: batch.size }, (_, index) => ({ index, code: 20001, message: '' }));
    const refused = new Set<number>();
    for (const f of failures) {
      if (f.index < 0 || f.index >= batch.size || refused.has(f.index)) continue;
      refused.add(f.index);
      const message = f.message || 'TikTok refused the event in a partial success answer (20001)';
      this.refuse(
        rowsAt(batch, f.index),
        new InvalidRequest({
          code: f.code,
          message: `data[${f.index}]: ${message}`,
          endpoint: 'event/track/',
        }),
      );
    }
    return refused;
  }

  private async mend(batch: OutgoingBatch, error: TikTokApiError & { index?: number | undefined }) {
    const index = error.index;
    if (index !== undefined && index >= 0 && index < batch.size) {
      this.refuse(rowsAt(batch, index), error);
      if (batch.size > 1) await this.deliver(withoutEvent(batch, index));
      return;
    }
    if (batch.size === 1) {
      this.refuse(rowsAt(batch, 0), error);
      return;
    }
    const middle = Math.ceil(batch.size / 2);
    const halves = await Promise.allSettled([
      this.deliver(sliceBatch(batch, 0, middle)),
      this.deliver(sliceBatch(batch, middle, batch.size)),
    ]);
    const failed = halves.find((h): h is PromiseRejectedResult => h.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private refuse(rows: readonly number[], error: TikTokApiError): void {
    const reject = tiktokReject(error);
    const signature = `${reject.reason} ${error.apiMessage.replace(/\[\d+\]/g, '[]')}`;
    this.streak =
      this.streak.signature === signature
        ? { signature, count: this.streak.count + 1 }
        : { signature, count: 1 };
    if (this.streak.count >= (this.options.maxRefusalStreak ?? 200)) {
      throw new RefusalStreakError(
        `TikTok refused ${this.streak.count} events in a row with "${error.apiMessage}" (code ${error.tiktokCode}); stopping the run.`,
        { cause: error },
      );
    }
    this.hooks.rejected(rows, reject);
  }
}
