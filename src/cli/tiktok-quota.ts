import type { Settings } from '../config/settings.js';
import type { Store } from '../store/store.js';
import { sharedQuota } from '../store/tiktok-quota.js';
import { memoryQuota, quotaLimits, type QuotaBackend } from '../tiktok/index.js';

/** The app's quota, counted in this process until {@link AppQuota.attach} hands it to the shared store. */
export interface AppQuota {
  quota: QuotaBackend;
  /** Counts in PostgreSQL from now on (every process using the app draws from it); PGlite stays in memory. */
  attach(store: Store): void;
}

/**
 * The quota of the TikTok app this process uses, from the tier settings. The app is named by the API URL:
 * one deployment, one app (credentials of several apps share the strictest count, which is safe).
 */
export function appQuota(settings: Settings): AppQuota {
  const limits = quotaLimits(settings.tiktokTier, {
    qps: settings.tiktokQps,
    qpm: settings.tiktokQpm,
    qpd: settings.tiktokQpd,
  });
  let backend: QuotaBackend = memoryQuota(limits);
  return {
    quota: { qps: limits.qps, take: (nowMs) => backend.take(nowMs) },
    attach(store) {
      if (store.engine === 'postgres') backend = sharedQuota(store, `app:${settings.apiUrl}`, limits);
    },
  };
}
