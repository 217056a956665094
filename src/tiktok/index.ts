export * from './constants.js';
export * from './errors.js';
export { createTikTokClient, DEFAULT_LISTING_WAIT_MS } from './client.js';
export { AUDIENCE_NAME_LIMIT, isListedAs } from './audience-name.js';
export type { TikTokResult } from './envelope.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';
export type { EndpointStats, RequestStats } from './stats.js';
export type * from './types.js';
export * from './event-source-ids.js';
export {
  memoryQuota,
  quotaLimits,
  QUOTA_TIERS,
  type QuotaBackend,
  type QuotaLimits,
  type QuotaTier,
} from './quota.js';
export type { PauseNotice } from './gate.js';
export { partialFailures, type PartialFailure } from './partial.js';
