import type { Queryable } from './store.js';

/** Requests per window; the same shape as the TikTok client's `QuotaLimits`. */
export interface SharedQuotaLimits {
  qps: number;
  qpm: number;
  qpd: number;
}

type Window = 'second' | 'minute' | 'day';

/** The same shape as the TikTok client's `QuotaBackend`: this module imports nothing of it (same layer). */
export interface SharedQuota {
  take(nowMs: number): Promise<{ granted: true } | { granted: false; waitMs: number; window: Window }>;
}

interface Row {
  second_start: number;
  second_used: number;
  minute_start: number;
  minute_used: number;
  day_start: number;
  day_used: number;
}

/**
 * One grant: each window restarts when its start moved, and the row changes only when no window is spent.
 * The row lock of the UPDATE serialises concurrent grants, so no two processes take the last request.
 */
const TAKE = `
UPDATE tiktok_quota SET
  second_used = CASE WHEN second_start = $2 THEN second_used + 1 ELSE 1 END, second_start = $2,
  minute_used = CASE WHEN minute_start = $3 THEN minute_used + 1 ELSE 1 END, minute_start = $3,
  day_used = CASE WHEN day_start = $4 THEN day_used + 1 ELSE 1 END, day_start = $4
WHERE app_key = $1
  AND (second_start <> $2 OR second_used < $5)
  AND (minute_start <> $3 OR minute_used < $6)
  AND (day_start <> $4 OR day_used < $7)
RETURNING second_used`;

const SIZES: Record<Window, number> = { second: 1000, minute: 60_000, day: 86_400_000 };

function start(nowMs: number, window: Window): number {
  return nowMs - (nowMs % SIZES[window]);
}

/**
 * An app's quota kept in PostgreSQL (table `tiktok_quota`): every process and machine using the app draws
 * from the same fixed windows. Clocks of the machines are assumed in step (NTP): a window is named by its
 * start in ms since the epoch.
 */
export function sharedQuota(db: Queryable, appKey: string, limits: SharedQuotaLimits): SharedQuota {
  let created = false;
  return {
    async take(nowMs) {
      if (!created) {
        await db.query('INSERT INTO tiktok_quota (app_key) VALUES ($1) ON CONFLICT (app_key) DO NOTHING', [
          appKey,
        ]);
        created = true;
      }
      const s = start(nowMs, 'second');
      const m = start(nowMs, 'minute');
      const d = start(nowMs, 'day');
      const params = [appKey, s, m, d, limits.qps, limits.qpm, limits.qpd];
      if ((await db.query(TAKE, params)).length > 0) return { granted: true };
      const row = await db.queryOne<Row>(
        'SELECT second_start, second_used, minute_start, minute_used, day_start, day_used FROM tiktok_quota WHERE app_key = $1',
        [appKey],
      );
      // Which window refused: the longest one spent decides how long to wait.
      const spent = (w: Window, used: number, limit: number, from: number) =>
        Number(from) === start(nowMs, w) && used >= limit;
      const window: Window =
        row && spent('day', row.day_used, limits.qpd, row.day_start)
          ? 'day'
          : row && spent('minute', row.minute_used, limits.qpm, row.minute_start)
            ? 'minute'
            : 'second';
      return { granted: false, waitMs: SIZES[window] - (nowMs % SIZES[window]), window };
    },
  };
}
