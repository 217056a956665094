import type { QuotaWindow } from './classify.js';

/** An app's request quota as TikTok counts it: per second (spaced grants), per minute and per UTC day. */
export interface QuotaLimits {
  qps: number;
  qpm: number;
  qpd: number;
}

/** TikTok's tiers (rate-limit page): Basic 10 QPS / 600 QPM / 864,000 QPD; higher tiers raise QPS. */
export const QUOTA_TIERS = {
  basic: { qps: 10, qpm: 600, qpd: 864_000 },
  advanced: { qps: 20, qpm: 1_200, qpd: 1_728_000 },
  premium: { qps: 30, qpm: 1_800, qpd: 2_592_000 },
  ultimate: { qps: 50, qpm: 3_000, qpd: 4_320_000 },
  sandbox: { qps: 1, qpm: 30, qpd: 43_200 },
} as const satisfies Record<string, QuotaLimits>;

export type QuotaTier = keyof typeof QUOTA_TIERS;

/** A grant, or how long to wait and which window is spent. */
export type QuotaGrant = { granted: true } | { granted: false; waitMs: number; window: QuotaWindow };

/**
 * Where an app's quota is counted. One instance per app and process in memory; in PostgreSQL (see
 * `src/store/tiktok-quota.ts`) every process of every machine draws from the same rows.
 */
export interface QuotaBackend {
  /** Takes one request from every window at `nowMs`, or says how long until the spent window resets. */
  take(nowMs: number): Promise<QuotaGrant>;
  /** Requests per second the app may send (its QPS), when known: callers size their work to it. */
  readonly qps?: number;
}

/** Start of each fixed window holding `nowMs`: the second, the minute, the UTC day. */
export function windowStarts(nowMs: number): { second: number; minute: number; day: number } {
  return {
    second: nowMs - (nowMs % 1000),
    minute: nowMs - (nowMs % 60_000),
    day: nowMs - (nowMs % 86_400_000),
  };
}

/** Milliseconds from `nowMs` to the end of the given window. */
export function untilWindowEnds(window: QuotaWindow, nowMs: number): number {
  const size = window === 'second' ? 1000 : window === 'minute' ? 60_000 : 86_400_000;
  return size - (nowMs % size);
}

/**
 * Grants of one app are spaced at least this far apart (ms). TikTok may count its QPS over any rolling second:
 * fixed calendar seconds let ten grants at the end of one second and ten at the start of the next through, which a
 * rolling counter answers with 40100. The 1% margin absorbs the jitter between a grant and the request's arrival.
 */
export function grantSpacingMs(qps: number): number {
  return (1000 / qps) * 1.01;
}

/** The first spent window (minute or day), given the counts already used in the current windows. */
export function spentWindow(
  used: { qpm: number; qpd: number },
  limits: QuotaLimits,
): QuotaWindow | undefined {
  if (used.qpd >= limits.qpd) return 'day';
  if (used.qpm >= limits.qpm) return 'minute';
  return undefined;
}

/** Counts in this process only: right when one process uses the app, as the CLI on the embedded store. */
export function memoryQuota(limits: QuotaLimits): QuotaBackend {
  const used = { qpm: 0, qpd: 0 };
  const spacing = grantSpacingMs(limits.qps);
  let at = windowStarts(0);
  let nextGrantAt = 0;
  return {
    qps: limits.qps,
    take(nowMs) {
      const now = windowStarts(nowMs);
      if (now.minute !== at.minute) used.qpm = 0;
      if (now.day !== at.day) used.qpd = 0;
      at = now;
      const window = spentWindow(used, limits);
      if (window) return Promise.resolve({ granted: false, waitMs: untilWindowEnds(window, nowMs), window });
      if (nowMs < nextGrantAt) {
        return Promise.resolve({ granted: false, waitMs: Math.ceil(nextGrantAt - nowMs), window: 'second' });
      }
      nextGrantAt = nowMs + spacing;
      used.qpm += 1;
      used.qpd += 1;
      return Promise.resolve({ granted: true });
    },
  };
}

/** The limits of a tier, or explicit ones (each explicit value overrides the tier's). */
export function quotaLimits(tier: QuotaTier, explicit: Partial<QuotaLimits> = {}): QuotaLimits {
  return {
    ...QUOTA_TIERS[tier],
    ...Object.fromEntries(Object.entries(explicit).filter(([, v]) => v !== undefined)),
  };
}
