import type { IdType } from '../identity/index.js';
import type { RequestStats } from '../tiktok/index.js';
import type { NormalizeStats } from './normalize-sql.js';
import { MIN_SERVABLE_AUDIENCE, type AudienceSyncOptions } from './options.js';
import { MAX_REJECT_LINES } from './rejects-sql.js';

/** Everything a user wants to know about one audience sync; stored with the run and printed. */
export interface AudienceSyncReport {
  runId: string;
  status: 'succeeded' | 'dry_run';
  audienceName: string;
  audienceId: string | null;
  advertiserIds: string[];
  mode: 'mirror' | 'add-only';
  idTypes: IdType[];
  /** Source rows read. */
  rowsRead: number;
  /** Rows with at least one valid identifier of the chosen types: the people in the audience. */
  rowsWithIdentifier: number;
  /** Valid identifiers per type, before de-duplication. */
  validIdentifiers: Partial<Record<IdType, number>>;
  /** Rejected values per reason (`email_invalid`, ...) and rows without any identifier (`no_identifier`). */
  rejected: Record<string, number>;
  /** Identifiers (id type + hash) added, removed (TikTok's partial refusals aside) and left alone. */
  added: number;
  removed: number;
  unchanged: number;
  /** Identifiers in the mapping requests of this run (adds + removes, resent batches included). */
  identifiersSent: number;
  batchesSent: number;
  /** Batches of a run that died, found acknowledged and therefore not sent again. */
  resumedFromDeadRun: boolean;
  /** Distinct identifiers the audience holds after the run, as far as TikTok acknowledged. */
  audienceIdentifiers: number;
  requests: number;
  retries: number;
  throttled: number;
  durationMs: number;
  /** Matched TikTok users (`cover_num`) when TikTok had computed the audience at the end of the run. */
  matched: { coverNum: number | null; isValid: boolean | null } | null;
  /** Rows TikTok refused inside partial (20001) answers, by `tiktok_<code>` reason. */
  refusedByTikTok?: Record<string, number>;
  warnings: string[];
  notes: string[];
  /** CSV of the rejects (`row,id_type,reason,value`), when the sync was asked to keep them and there were some. */
  rejectsFile?: string;
}

/** Warnings and notes every report carries, from its numbers. */
export function reportAdvice(
  r: Pick<AudienceSyncReport, 'rowsWithIdentifier' | 'mode' | 'rejected' | 'rowsRead'>,
): {
  warnings: string[];
  notes: string[];
  /** CSV of the rejects (`row,id_type,reason,value`), when the sync was asked to keep them and there were some. */
  rejectsFile?: string;
} {
  const warnings: string[] = [];
  if (r.mode === 'mirror' && r.rowsWithIdentifier < MIN_SERVABLE_AUDIENCE) {
    warnings.push(
      `The audience will have ${r.rowsWithIdentifier} members: TikTok needs at least ${MIN_SERVABLE_AUDIENCE} ` +
        'before an ad group can use it.',
    );
  }
  const unsent = r.rowsRead - r.rowsWithIdentifier;
  if (r.rowsRead > 0 && unsent / r.rowsRead > 0.1) {
    warnings.push(
      `${unsent} of ${r.rowsRead} rows have no valid identifier of the chosen types and are not sent: ` +
        'check the column mapping, the id types and the rejects per reason.',
    );
  }
  return {
    warnings,
    notes: ['Matching in TikTok can take up to 48 hours before the audience size is final.'],
  };
}

/** The report as a few lines for a terminal. */
export function formatReport(r: AudienceSyncReport): string {
  const types = Object.entries(r.validIdentifiers)
    .map(([t, n]) => `${t} ${n}`)
    .join(', ');
  const rejected = Object.entries(r.rejected)
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${reason} ${n}`)
    .join(', ');
  const lines = [
    `${r.status === 'dry_run' ? 'Dry run (nothing sent)' : 'Synced'} "${r.audienceName}"` +
      `${r.audienceId ? ` (audience ${r.audienceId})` : ''} on ${r.advertiserIds.join(', ')} [${r.mode}]`,
    `  rows read ${r.rowsRead}, with an identifier ${r.rowsWithIdentifier}; valid: ${types || 'none'}`,
    `  rejected: ${rejected || 'none'}`,
    `  identifiers ${r.status === 'dry_run' ? 'to add' : 'added'} ${r.added}, ${r.status === 'dry_run' ? 'to remove' : 'removed'} ${r.removed}, unchanged ${r.unchanged}`,
    `  requests ${r.requests} (retried ${r.retries}, throttled ${r.throttled}), ${r.batchesSent} batches, ${(r.durationMs / 1000).toFixed(1)} s` +
      (r.resumedFromDeadRun ? ', resumed a run that had died' : ''),
  ];
  const refused = Object.entries(r.refusedByTikTok ?? {}).filter(([, n]) => n > 0);
  if (refused.length > 0)
    lines.push(
      `  refused by TikTok (sent again next run): ${refused.map(([reason, n]) => `${reason} ${n}`).join(', ')}`,
    );
  if (r.matched) lines.push(`  matched in TikTok so far: ${r.matched.coverNum ?? 'not yet computed'}`);
  if (r.rejectsFile) lines.push(`  rejects file: ${r.rejectsFile}`);
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  for (const n of r.notes) lines.push(`note: ${n}`);
  return lines.join('\n');
}

/** The part of every audience report that says which audience and what the source gave. */
export function whatWasRead(
  opts: AudienceSyncOptions,
  target: { audienceId: string | null },
  normalized: NormalizeStats,
): Pick<
  AudienceSyncReport,
  | 'audienceName'
  | 'audienceId'
  | 'advertiserIds'
  | 'mode'
  | 'idTypes'
  | 'rowsRead'
  | 'rowsWithIdentifier'
  | 'validIdentifiers'
  | 'rejected'
> {
  return {
    audienceName: opts.audienceName,
    audienceId: target.audienceId,
    advertiserIds: opts.advertiserIds,
    mode: opts.mode,
    idTypes: opts.idTypes,
    rowsRead: normalized.rowsRead,
    rowsWithIdentifier: normalized.rowsWithIdentifier,
    validIdentifiers: normalized.validByType,
    rejected: normalized.rejectedByReason,
  };
}

/**
 * The report of a run refused because no row had a valid identifier: what was read and rejected (with the
 * rejects file when one was written), and nothing sent. Its status is `failed`, like the run's.
 */
export function refusedReport(
  runId: string,
  opts: AudienceSyncOptions,
  target: { audienceId: string | null; warnings: string[] },
  normalized: NormalizeStats,
  durationMs: number,
): Record<string, unknown> {
  return {
    runId,
    status: 'failed',
    ...whatWasRead(opts, target, normalized),
    added: 0,
    removed: 0,
    identifiersSent: 0,
    batchesSent: 0,
    durationMs,
    warnings: [...target.warnings],
    notes: rejectsNote(normalized.rejectedByReason, normalized.rejectsFile),
    ...(normalized.rejectsFile ? { rejectsFile: normalized.rejectsFile } : {}),
  };
}

/** The requests, retries and throttled answers of this run (the client may serve several). */
export function requestCounts(
  stats: RequestStats,
  before: RequestStats,
): { requests: number; retries: number; throttled: number } {
  return {
    requests: stats.requests - before.requests,
    retries: stats.retries - before.retries,
    throttled: stats.throttled - before.throttled,
  };
}

/** Says when the rejects file lists only the first of the rejects. */
export function rejectsNote(rejected: Record<string, number>, file: string | undefined): string[] {
  const total = Object.values(rejected).reduce((a, b) => a + b, 0);
  if (!file || total <= MAX_REJECT_LINES) return [];
  return [`The rejects file lists the first ${MAX_REJECT_LINES} of ${total} rejects.`];
}
