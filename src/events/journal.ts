import { TtadsError } from '../errors.js';
import { mkdirSync } from 'node:fs';
import { open, unlink, type FileHandle } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { foldLogs } from './journal-logs.js';
import { FINGERPRINT_BYTES, KeySet } from './key-set.js';

/** File name of the journal database inside `<dataDir>/events/`. */
export const JOURNAL_FILE = 'journal.duckdb';

/** Joins the parts of an event key; ids with control characters are refused, so it cannot be ambiguous. */
export const KEY_SEPARATOR = '\u001f';

/** What TikTok de-duplicates on, and what the journal remembers of an acknowledged event. */
export interface JournalEntry {
  eventSourceId: string;
  eventId: string;
  event: string;
  /** Unix seconds; entries older than the 28-day window can no longer be sent, so they can be forgotten. */
  eventTime: number;
}

/** The key of an event as one string: event source id, event id and event name. */
export function journalKey(entry: Pick<JournalEntry, 'eventSourceId' | 'eventId' | 'event'>): string {
  return entry.eventSourceId + KEY_SEPARATOR + entry.eventId + KEY_SEPARATOR + entry.event;
}

/** Another process holds the journal: two sends from one data directory would race on it. */
export class JournalLockedError extends TtadsError {
  override readonly name = 'JournalLockedError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, {
      code: 'journal_locked',
      kind: 'conflict',
      hint: 'Another `ttads events send` is running with the same data directory; wait for it to finish, or use another --data-dir.',
      cause: options?.cause,
    });
  }
}

// DuckDB's file lock is per process: this set stops two sends of one process sharing a journal.
const openInThisProcess = new Set<string>();

const SCHEMA = `CREATE TABLE IF NOT EXISTS acknowledged (
  event_source_id VARCHAR NOT NULL,
  event_id VARCHAR NOT NULL,
  event VARCHAR NOT NULL,
  event_time BIGINT NOT NULL,
  run_id VARCHAR NOT NULL,
  acknowledged_at TIMESTAMP NOT NULL DEFAULT current_timestamp
)`;
const KEY_SQL = `md5(event_source_id || chr(31) || event_id || chr(31) || event)`;

interface Pending {
  text: string;
  count: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Keys of the events TikTok acknowledged, kept under `<dataDir>/events/`: a DuckDB database (table
 * `acknowledged`) plus, for the run in progress, an append-only log `acknowledged-<runId>.log` (one
 * tab-separated line per event). Each append is written and fdatasync'ed before it resolves, so a send
 * killed at any point loses at most the acknowledgements still in flight; appends made meanwhile are
 * synced together (group commit). Logs are folded into the table when the journal is next opened.
 * Why a log: a DuckDB commit costs 3-6 ms plus checkpoints of hundreds of ms, a synced append ~0.1 ms.
 * Only one process can open the database: that lock is what stops two sends from racing.
 */
export class EventJournal {
  private queue: Pending[] = [];
  private writing: Promise<void> | undefined;
  private log: FileHandle | undefined;
  private logPath: string | undefined;
  private logged = 0;

  private constructor(
    readonly dir: string,
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  /** Opens (creating when needed) the journal of a data directory's `events/` folder and folds old logs in. */
  static async open(dir: string): Promise<EventJournal> {
    mkdirSync(dir, { recursive: true });
    const path = resolve(dir, JOURNAL_FILE);
    if (openInThisProcess.has(path)) {
      throw new JournalLockedError(`The events journal ${path} is in use by another send of this process.`);
    }
    let instance: DuckDBInstance;
    try {
      // Loaded on first use: start-up never pays for DuckDB's native library.
      const { DuckDBInstance } = await import('@duckdb/node-api');
      instance = await DuckDBInstance.create(path, {
        memory_limit: '128MB',
        threads: '2',
        autoinstall_known_extensions: 'false',
        autoload_known_extensions: 'false',
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (/lock/i.test(message))
        throw new JournalLockedError(`The events journal ${path} is locked by another process.`);
      throw new Error(`Cannot open the events journal ${path}: ${message.split('\n')[0]}`, { cause: error });
    }
    const journal = new EventJournal(dir, instance, await instance.connect());
    openInThisProcess.add(path);
    try {
      await journal.connection.run(SCHEMA);
      await foldLogs(journal.connection, dir);
    } catch (error) {
      journal.closeDatabase();
      throw error;
    }
    return journal;
  }

  /** Path of the journal database. */
  get path(): string {
    return resolve(this.dir, JOURNAL_FILE);
  }

  /** Starts the log of a run; appends go to it. */
  async startRun(runId: string): Promise<void> {
    await this.log?.close();
    this.logPath = join(this.dir, `acknowledged-${runId}.log`);
    this.log = await open(this.logPath, 'a');
  }

  /** Acknowledged events remembered: the table plus this session's log. */
  async count(): Promise<number> {
    const reader = await this.connection.runAndReadAll('SELECT count(*) FROM acknowledged');
    return Number(reader.getRows()[0]?.[0] ?? 0) + this.logged;
  }

  /**
   * Fingerprints of the keys of events at or after `sinceEventTime` (Unix seconds): older ones are
   * outside the window and would be refused anyway, which keeps the set to about 28 days of events.
   */
  async loadKeys(sinceEventTime: number, blockRows = 200_000): Promise<KeySet> {
    const since = BigInt(Math.floor(sinceEventTime));
    const total = await this.connection.runAndReadAll(
      'SELECT count(*) FROM acknowledged WHERE event_time >= $1',
      [since],
    );
    const keys = new KeySet(Number(total.getRows()[0]?.[0] ?? 0));
    const reader = await this.connection.stream(
      `SELECT string_agg(${KEY_SQL}, '') FROM (SELECT *, row_number() OVER () - 1 AS n FROM acknowledged
       WHERE event_time >= $1) GROUP BY n // ${blockRows}`,
      [since],
    );
    for (;;) {
      const chunk = await reader.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      for (const [hex] of chunk.getRows()) {
        const bytes = Buffer.from(String(hex), 'hex');
        if (bytes.length % FINGERPRINT_BYTES !== 0) throw new Error('journal key digests are not 128-bit');
        keys.addAll(bytes);
      }
    }
    return keys;
  }

  /** Remembers acknowledged events; resolves once they are on disk. Call startRun() first. */
  append(entries: readonly JournalEntry[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    let text = '';
    for (const e of entries) text += `${e.eventSourceId}\t${e.eventId}\t${e.event}\t${e.eventTime}\n`;
    return new Promise((resolve, reject) => {
      this.queue.push({ text, count: entries.length, resolve, reject });
      this.kick();
    });
  }

  /** Starts the writer unless it runs; an append that came as it was finishing gets a new one. */
  private kick(): void {
    if (this.writing) return;
    this.writing = this.drain().finally(() => {
      this.writing = undefined;
      if (this.queue.length > 0) this.kick();
    });
  }

  /** Forgets events older than `beforeEventTime` (Unix seconds): they are past the window for good. */
  async prune(beforeEventTime: number): Promise<number> {
    const reader = await this.connection.runAndReadAll('DELETE FROM acknowledged WHERE event_time < $1', [
      BigInt(Math.floor(beforeEventTime)),
    ]);
    return Number(reader.rowsChanged);
  }

  /** Waits for pending appends, then closes the log (removed when empty) and the database. */
  async close(): Promise<void> {
    while (this.writing) await this.writing;
    if (this.log) {
      const empty = (await this.log.stat()).size === 0;
      await this.log.close();
      if (empty) await unlink(this.logPath!);
    }
    this.log = undefined;
    this.closeDatabase();
  }

  private closeDatabase(): void {
    this.connection.closeSync();
    this.instance.closeSync();
    openInThisProcess.delete(resolve(this.dir, JOURNAL_FILE));
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0);
      try {
        if (!this.log) throw new Error('EventJournal.append() before startRun()');
        await this.log.write(batch.map((p) => p.text).join(''));
        await this.log.datasync();
        for (const p of batch) this.logged += p.count;
        for (const p of batch) p.resolve();
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
  }
}

/** What a send needs of the journal of acknowledged events, whichever engine keeps it. */
export type AcknowledgedJournal = Pick<
  EventJournal,
  'path' | 'startRun' | 'count' | 'loadKeys' | 'append' | 'prune' | 'close'
>;
