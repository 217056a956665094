import type { Logger } from '../logger.js';
import type { Queryable } from '../store/store.js';
import type { TikTokClient } from '../tiktok/index.js';
import { recordMatch } from './state.js';

/**
 * Reads the audience's matched size (`cover_num`) and usability from TikTok and stores it with the run,
 * so that the match rate of every audience can be followed over time. A failure here never fails a sync:
 * the members were already sent; the size can be read again with `ttads audience status`.
 */
export async function readMatch(
  deps: { client: TikTokClient; store: Queryable; logger: Logger },
  input: { runId: string; owner: string; audienceId: string },
): Promise<{ coverNum: number | null; isValid: boolean | null } | null> {
  try {
    const [details] = await deps.client.getCustomAudiences(input.owner, [input.audienceId]);
    const match = { coverNum: details?.coverNum ?? null, isValid: details?.isValid ?? null };
    await recordMatch(deps.store, { runId: input.runId, audienceId: input.audienceId, ...match });
    return match;
  } catch (err) {
    deps.logger.warn({ err, audienceId: input.audienceId }, 'could not read the audience size from TikTok');
    return null;
  }
}

/** One point of an audience's match history. */
export interface MatchPoint {
  runId: string;
  checkedAt: Date;
  coverNum: number | null;
  isValid: boolean | null;
  runStatus: string;
  report: Record<string, unknown> | null;
}

/** The match history of an audience, newest first. */
export async function matchHistory(db: Queryable, audienceId: string, limit = 20): Promise<MatchPoint[]> {
  const rows = await db.query<{
    run_id: string;
    checked_at: Date;
    cover_num: number | null;
    is_valid: boolean | null;
    status: string;
    report: Record<string, unknown> | null;
  }>(
    `SELECT m.run_id, m.checked_at, m.cover_num, m.is_valid, r.status, r.report
     FROM audience_matches m JOIN runs r ON r.id = m.run_id
     WHERE m.audience_id = $1 ORDER BY m.checked_at DESC LIMIT $2`,
    [audienceId, limit],
  );
  return rows.map((r) => ({
    runId: r.run_id,
    checkedAt: r.checked_at,
    coverNum: r.cover_num === null ? null : Number(r.cover_num),
    isValid: r.is_valid,
    runStatus: r.status,
    report: r.report,
  }));
}
