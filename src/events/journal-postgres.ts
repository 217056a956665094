import { lockHeldSql, RunLockLostError, type RunLock } from '../store/run-lock.js';
import type { Queryable } from '../store/store.js';
import type { AcknowledgedJournal, JournalEntry } from './journal.js';
import { fingerprint, FINGERPRINT_BYTES, KeySet } from './key-set.js';
import { journalKey } from './journal.js';

interface Pending {
  entries: readonly JournalEntry[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * The events journal in PostgreSQL (table `event_journal`), shared by every process on the database: an
 * event one machine got acknowledged is never sent by another. Appends made while one is being written go
 * together in the next INSERT (group commit), one round trip per batch of acknowledgements, never per event.
 */
export class PostgresJournal implements AcknowledgedJournal {
  readonly path = 'postgres:event_journal';
  private runId: string | undefined;
  private queue: Pending[] = [];
  private writing: Promise<void> | undefined;

  /** With `lock`, an append commits only while that run holds its lock (checked in the same statement). */
  constructor(
    private readonly db: Queryable,
    private readonly lock?: Pick<RunLock, 'scope' | 'runId'>,
  ) {}

  startRun(runId: string): Promise<void> {
    this.runId = runId;
    return Promise.resolve();
  }

  async count(): Promise<number> {
    const row = await this.db.queryOne<{ n: number }>('SELECT count(*) AS n FROM event_journal');
    return Number(row?.n ?? 0);
  }

  /** Fingerprints of the events at or after `sinceEventTime`, read a page at a time along the primary key. */
  async loadKeys(sinceEventTime: number, blockRows = 200_000): Promise<KeySet> {
    const since = Math.floor(sinceEventTime);
    const total = await this.db.queryOne<{ n: number }>(
      'SELECT count(*) AS n FROM event_journal WHERE event_time >= $1',
      [since],
    );
    const keys = new KeySet(Number(total?.n ?? 0));
    for (let after: Buffer = Buffer.alloc(0); ;) {
      const page = await this.db.queryOne<{ fps: Buffer | null }>(
        `SELECT string_agg(fingerprint, ''::bytea ORDER BY fingerprint) AS fps
         FROM (SELECT fingerprint FROM event_journal WHERE fingerprint > $1 AND event_time >= $2
               ORDER BY fingerprint LIMIT $3) page`,
        [after, since, blockRows],
      );
      const fps = page?.fps;
      if (!fps || fps.length === 0) break;
      keys.addAll(fps);
      // Pages follow the primary key: the next starts after the last fingerprint of this one.
      after = fps.subarray(fps.length - FINGERPRINT_BYTES);
      if (fps.length < blockRows * FINGERPRINT_BYTES) break;
    }
    return keys;
  }

  /** Remembers acknowledged events; resolves once they are committed. Call startRun() first. */
  append(entries: readonly JournalEntry[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.queue.push({ entries, resolve, reject });
      this.kick();
    });
  }

  private kick(): void {
    if (this.writing) return;
    this.writing = this.drain().finally(() => {
      this.writing = undefined;
      if (this.queue.length > 0) this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0);
      try {
        if (!this.runId) throw new Error('PostgresJournal.append() before startRun()');
        const all = batch.flatMap((p) => p.entries);
        const held = this.lock ? lockHeldSql(7, 8) : 'true';
        const row = await this.db.queryOne<{ held: boolean }>(
          `WITH held AS (SELECT ${held} AS ok),
           ins AS (
             INSERT INTO event_journal (fingerprint, event_source_id, event_id, event, event_time, run_id)
             SELECT decode(f, 'hex'), s, i, e, t, $6
             FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[]) AS x(f, s, i, e, t)
             WHERE (SELECT ok FROM held)
             ON CONFLICT (fingerprint) DO NOTHING RETURNING 1)
           SELECT (SELECT ok FROM held) AS held, (SELECT count(*) FROM ins) AS n`,
          [
            all.map((e) => fingerprint(journalKey(e)).toString('hex')),
            all.map((e) => e.eventSourceId),
            all.map((e) => e.eventId),
            all.map((e) => e.event),
            all.map((e) => Math.floor(e.eventTime)),
            this.runId,
            ...(this.lock ? [this.lock.scope, this.lock.runId] : []),
          ],
        );
        if (!row?.held) throw new RunLockLostError(this.lock?.scope ?? '');
        for (const p of batch) p.resolve();
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
  }

  async prune(beforeEventTime: number): Promise<number> {
    const row = await this.db.queryOne<{ n: number }>(
      'WITH gone AS (DELETE FROM event_journal WHERE event_time < $1 RETURNING 1) SELECT count(*) AS n FROM gone',
      [Math.floor(beforeEventTime)],
    );
    return Number(row?.n ?? 0);
  }

  async close(): Promise<void> {
    while (this.writing) await this.writing;
  }
}
