/**
 * TikTok's request quotas, counted per developer app (every token of an app, every process using it,
 * draws from one quota). Published tiers: Basic 10 QPS / 600 QPM / 864,000 QPD, Advanced 20, Premium 30,
 * Ultimate 50 QPS (QPM = 60 x QPS, QPD = 86,400 x QPS); the sandbox 1 QPS / 30 QPM (no published QPD).
 * Throttling is HTTP 200 with code 40100: past the QPS, wait for the next second; past the QPM, TikTok
 * suspends the app for 5 minutes; past the QPD, until 00:00 UTC.
 */
export const TIERS = {
  basic: { qps: 10, qpm: 600, qpd: 864_000 },
  advanced: { qps: 20, qpm: 1_200, qpd: 1_728_000 },
  premium: { qps: 30, qpm: 1_800, qpd: 2_592_000 },
  ultimate: { qps: 50, qpm: 3_000, qpd: 4_320_000 },
  // TikTok publishes no daily quota for the sandbox: 30 a minute all day, as the client assumes.
  sandbox: { qps: 1, qpm: 30, qpd: 43_200 },
} as const;

export type Tier = keyof typeof TIERS;
export const TIER_NAMES = Object.keys(TIERS) as Tier[];

/** Limits of one app; 0 = not limited. */
export interface QuotaLimits {
  qps: number;
  qpm: number;
  qpd: number;
}

/** An app's quota settings as a seed or the control API gives them: a tier, and/or explicit limits. */
export interface QuotaSettings {
  tier?: Tier;
  qps?: number;
  qpm?: number;
  qpd?: number;
  /** How long a spent QPM suspends the app (default TikTok's 5 minutes); shorter for tests. */
  suspension_ms?: number;
}

/** TikTok suspends an app whose QPM is spent for 5 minutes (rate-limit page). */
export const SUSPENSION_MS = 5 * 60 * 1000;
/** Seconds of accepted requests kept per app for `/_emulator/apps/:app_id/seconds`. */
const SECONDS_KEPT = 3600;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The limits a setting gives: explicit numbers over the tier's, the tier's over `fallback`. */
export function limitsOf(settings: QuotaSettings | undefined, fallback: QuotaLimits): QuotaLimits {
  const base = settings?.tier ? TIERS[settings.tier] : fallback;
  return {
    qps: settings?.qps ?? base.qps,
    qpm: settings?.qpm ?? base.qpm,
    qpd: settings?.qpd ?? base.qpd,
  };
}

interface Usage {
  /** Times of accepted requests in the last minute (the last second is its tail). */
  recent: number[];
  day: number;
  today: number;
  suspendedUntil: number;
  /** Accepted requests per calendar second (ms of the second's start), the last hour's, in all and by endpoint. */
  seconds: Map<number, { requests: number; endpoints: Map<string, number> }>;
}

export type QuotaVerdict = { ok: true } | { ok: false; message: string };

const hhmm = (ms: number): string => new Date(ms).toISOString().slice(11, 19);
const lasting = (ms: number): string =>
  ms === SUSPENSION_MS ? 'for 5 minutes' : `for ${Math.round(ms / 1000)} seconds`;

/** Usage per app; refused requests do not count, so a client that waits gets through again. */
export class AppQuota {
  private readonly usage = new Map<string, Usage>();

  constructor(private readonly clock: () => number) {}

  /**
   * Records a request of `app` under `limits`, or says why TikTok would refuse it (40100). A spent QPM
   * suspends the app for `suspensionMs`.
   */
  take(app: string, limits: QuotaLimits, suspensionMs = SUSPENSION_MS, endpoint = ''): QuotaVerdict {
    const now = this.clock();
    let u = this.usage.get(app);
    if (!u) {
      u = { recent: [], day: 0, today: 0, suspendedUntil: 0, seconds: new Map() };
      this.usage.set(app, u);
    }
    const day = Math.floor(now / DAY_MS);
    if (day !== u.day) {
      u.day = day;
      u.today = 0;
    }
    if (now < u.suspendedUntil)
      return {
        ok: false,
        message: `Too many requests: the app's QPM limit was reached; the app is suspended ${lasting(suspensionMs)}, until ${hhmm(u.suspendedUntil)} UTC`,
      };
    if (limits.qpd > 0 && u.today >= limits.qpd)
      return {
        ok: false,
        message: `Too many requests: the app's QPD limit (${limits.qpd}) was reached; it resets at 00:00 UTC`,
      };
    const recent = u.recent;
    let expired = 0;
    while (expired < recent.length && recent[expired]! <= now - 60_000) expired++;
    if (expired > 0) recent.splice(0, expired);
    if (limits.qpm > 0 && recent.length >= limits.qpm) {
      u.suspendedUntil = now + suspensionMs;
      // The app starts a fresh minute after the suspension: with TikTok's 5 minutes the spent minute is long
      // over by then anyway, and a shorter (test) suspension then ends as TikTok's would.
      recent.length = 0;
      return {
        ok: false,
        message: `Too many requests: the app's QPM limit (${limits.qpm}) was reached; the app is suspended ${lasting(suspensionMs)}, until ${hhmm(u.suspendedUntil)} UTC`,
      };
    }
    if (limits.qps > 0) {
      let inSecond = 0;
      for (let i = recent.length - 1; i >= 0 && recent[i]! > now - 1000; i--) inSecond++;
      if (inSecond >= limits.qps)
        return { ok: false, message: `Too many requests: the app's QPS limit (${limits.qps}) was reached` };
    }
    // Only what a limit needs is kept: the last second without a QPM, the last minute with one.
    recent.push(now);
    if (limits.qpm === 0 && recent.length > Math.max(limits.qps, 1) * 2)
      recent.splice(0, recent.length - limits.qps);
    u.today++;
    const second = now - (now % 1000);
    let counts = u.seconds.get(second);
    if (!counts) u.seconds.set(second, (counts = { requests: 0, endpoints: new Map() }));
    counts.requests += 1;
    counts.endpoints.set(endpoint, (counts.endpoints.get(endpoint) ?? 0) + 1);
    if (u.seconds.size > SECONDS_KEPT) u.seconds.delete(u.seconds.keys().next().value!);
    return { ok: true };
  }

  /**
   * Accepted requests of `app` per calendar second, the last hour's, oldest first; with `endpoint` (e.g.
   * `segment/mapping/`), only that endpoint's, and only the seconds that had some.
   */
  secondsOf(app: string, endpoint?: string): { at: string; requests: number }[] {
    const u = this.usage.get(app);
    const out: { at: string; requests: number }[] = [];
    for (const [at, counts] of u?.seconds ?? []) {
      const requests = endpoint === undefined ? counts.requests : (counts.endpoints.get(endpoint) ?? 0);
      if (requests > 0) out.push({ at: new Date(at).toISOString(), requests });
    }
    return out;
  }

  /** What an app has used: requests in the last second, minute, today (UTC), and any suspension. */
  usageOf(app: string): {
    last_second: number;
    last_minute: number;
    today: number;
    suspended_until?: string;
  } {
    const now = this.clock();
    const u = this.usage.get(app);
    if (!u) return { last_second: 0, last_minute: 0, today: 0 };
    return {
      last_second: u.recent.filter((t) => t > now - 1000).length,
      last_minute: u.recent.filter((t) => t > now - 60_000).length,
      today: u.day === Math.floor(now / DAY_MS) ? u.today : 0,
      ...(u.suspendedUntil > now ? { suspended_until: new Date(u.suspendedUntil).toISOString() } : {}),
    };
  }

  reset(): void {
    this.usage.clear();
  }
}

/**
 * The emulator's throttling: per-app quotas, each app's limits from its own settings (seed or control
 * API) over the emulator's defaults. The defaults keep the emulator's historical behaviour unless a tier
 * is chosen: `rateLimitRps` (50) requests per second per app, no QPM or QPD, so tests and the demo never
 * wait minutes; `--tier basic` (or a tier per app) gives TikTok's published limits.
 */
export class Throttle {
  readonly usage: AppQuota;
  private defaults: QuotaLimits;
  private readonly initial: QuotaLimits;
  /** How long a spent QPM suspends apps without a suspension of their own. */
  suspensionMs: number;
  private readonly initialSuspensionMs: number;

  constructor(settings: QuotaSettings, fallbackQps: number, clock: () => number) {
    this.initial = limitsOf(settings, { qps: fallbackQps, qpm: 0, qpd: 0 });
    this.defaults = { ...this.initial };
    this.initialSuspensionMs = settings.suspension_ms ?? SUSPENSION_MS;
    this.suspensionMs = this.initialSuspensionMs;
    this.usage = new AppQuota(clock);
  }

  /** The limits of apps without settings of their own. */
  get limits(): QuotaLimits {
    return { ...this.defaults };
  }

  /** Changes the defaults: a tier replaces them, explicit numbers override one limit each. */
  setDefaults(settings: QuotaSettings): void {
    this.defaults = limitsOf(settings, this.defaults);
  }

  /** Records a request of `app` (with its own settings, if any), or the 40100 message. */
  take(app: string, own: QuotaSettings | undefined, endpoint?: string): QuotaVerdict {
    return this.usage.take(
      app,
      limitsOf(own, this.defaults),
      own?.suspension_ms ?? this.suspensionMs,
      endpoint,
    );
  }

  reset(): void {
    this.usage.reset();
    this.defaults = { ...this.initial };
    this.suspensionMs = this.initialSuspensionMs;
  }
}
