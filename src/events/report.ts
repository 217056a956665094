import type { RunStatus } from '../store/runs.js';
import type { RequestStats } from '../tiktok/index.js';

/** What a send did, stored with its run and printed by the CLI. Counts only: no personal data. */
export interface EventsReport {
  runId: string;
  status: RunStatus;
  dryRun: boolean;
  /** The source, safe to show (no password, query cut short). */
  source: string;
  /** Source column read for each seed parameter. */
  columns: Record<string, string>;
  rowsRead: number;
  /** Rows identical to another row of their event (sent once). */
  duplicateRows: number;
  /** Events built from the valid rows (rows of one order make one event). */
  eventsBuilt: number;
  /** Events the journal shows TikTok already acknowledged: not sent again. */
  alreadySent: number;
  /**
   * Events put in requests (each counted once, however often it was resent while mending a batch); in a
   * dry run, the events that would have been sent.
   */
  sent: number;
  /** Events TikTok acknowledged in this run, journaled. */
  acknowledged: number;
  rejected: {
    /** Rows refused before sending (row rules, order held back). */
    rows: number;
    /** Events refused by TikTok or as duplicates. */
    events: number;
    /** Rows per reason for row reasons; events per reason for `tiktok_*` and `duplicate_event`. */
    byReason: Record<string, number>;
  };
  /** Events whose rows disagreed on a shared field, per input column (the first value was sent). */
  conflicts: Record<string, number>;
  /** HTTP requests to TikTok, retries included; retries and throttled answers among them. */
  requests: number;
  retries: number;
  throttled: number;
  durationMs: number;
  eventsPerSecond: number;
  rejectsFile?: string | undefined;
  error?: Record<string, unknown> | undefined;
}

/** A report with every count at zero. */
export function emptyReport(runId: string, source: string, dryRun: boolean): EventsReport {
  return {
    runId,
    status: dryRun ? 'dry_run' : 'running',
    dryRun,
    source,
    columns: {},
    rowsRead: 0,
    duplicateRows: 0,
    eventsBuilt: 0,
    alreadySent: 0,
    sent: 0,
    acknowledged: 0,
    rejected: { rows: 0, events: 0, byReason: {} },
    conflicts: {},
    requests: 0,
    retries: 0,
    throttled: 0,
    durationMs: 0,
    eventsPerSecond: 0,
  };
}

/** Adds one to a per-key count. */
export function bump(counts: Record<string, number>, key: string, by = 1): void {
  counts[key] = (counts[key] ?? 0) + by;
}

/** The client's counters of `event/track/` since `before` (taken when the run started), in the report. */
export function withRequestStats(
  report: EventsReport,
  stats: RequestStats,
  before?: RequestStats,
): EventsReport {
  const now = stats.byEndpoint['event/track/'];
  const then = before?.byEndpoint['event/track/'];
  const since = (key: 'requests' | 'retries' | 'throttled') => (now?.[key] ?? 0) - (then?.[key] ?? 0);
  return { ...report, requests: since('requests'), retries: since('retries'), throttled: since('throttled') };
}
