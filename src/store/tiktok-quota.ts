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
  readonly qps: number;
}

interface Row {
  next_grant_at: number;
  minute_start: number;
  minute_used: number;
  day_start: number;
  day_used: number;
}

/**
 * One grant: no sooner than the app's `next_grant_at` (grants are spaced 1000/QPS ms apart, so that no rolling
 * second holds more than the QPS), and only while neither the minute nor the day is spent. The row lock of the
 * UPDATE serialises concurrent grants, so no two processes take the same slot or the last request.
 */
const TAKE = `
UPDATE tiktok_quota SET
  next_grant_at = $2 + $5,
  minute_used = CASE WHEN minute_start = $3 THEN minute_used + 1 ELSE 1 END, minute_start = $3,
  day_used = CASE WHEN day_start = $4 THEN day_used + 1 ELSE 1 END, day_start = $4
WHERE app_key = $1
  AND next_grant_at <= $2
  AND (minute_start <> $3 OR minute_used < $6)
  AND (day_start <> $4 OR day_used < $7)
RETURNING day_used`;

const SIZES: Record<Exclude<Window, 'second'>, number> = { minute: 60_000, day: 86_400_000 };

function start(nowMs: number, window: Exclude<Window, 'second'>): number {
  return nowMs - (nowMs % SIZES[window]);
}

/** The same spacing as the client's `grantSpacingMs` (this layer does not import the client). */
function spacingMs(qps: number): number {
  return (1000 / qps) * 1.01;
}

/**
 * An app's quota kept in PostgreSQL (table `tiktok_quota`): every process and machine using the app draws
 * from the same spaced grants and fixed minute and day windows. Clocks of the machines are assumed in step (NTP): a window is named by its
 * start in ms since the epoch.
 */
export function sharedQuota(db: Queryable, appKey: string, limits: SharedQuotaLimits): SharedQuota {
  let created = false;
  return {
    qps: limits.qps,
    async take(nowMs) {
      if (!created) {
        await db.query('INSERT INTO tiktok_quota (app_key) VALUES ($1) ON CONFLICT (app_key) DO NOTHING', [
          appKey,
        ]);
        created = true;
      }
      const m = start(nowMs, 'minute');
      const d = start(nowMs, 'day');
      const params = [appKey, nowMs, m, d, spacingMs(limits.qps), limits.qpm, limits.qpd];
      if ((await db.query(TAKE, params)).length > 0) return { granted: true };
      const row = await db.queryOne<Row>(
        'SELECT next_grant_at, minute_start, minute_used, day_start, day_used FROM tiktok_quota WHERE app_key = $1',
        [appKey],
      );
      // Which window refused: the longest one spent decides how long to wait.
      const spent = (w: 'minute' | 'day', used: number, limit: number, from: number) =>
        Number(from) === start(nowMs, w) && used >= limit;
      if (row && spent('day', row.day_used, limits.qpd, row.day_start)) {
        return { granted: false, waitMs: SIZES.day - (nowMs % SIZES.day), window: 'day' };
      }
      if (row && spent('minute', row.minute_used, limits.qpm, row.minute_start)) {
        return { granted: false, waitMs: SIZES.minute - (nowMs % SIZES.minute), window: 'minute' };
      }
      const waitMs = Math.max(1, Math.ceil(Number(row?.next_grant_at ?? nowMs) - nowMs));
      return { granted: false, waitMs, window: 'second' };
    },
  };
}
