import type { Logger } from '../logger.js';
import type { Queryable } from '../store/store.js';
import type { TikTokClient } from '../tiktok/index.js';
import type { PluginLookup } from './plugins.js';
import type { SecretBox } from './secrets.js';

/**
 * What the control-plane functions need, passed in rather than created, so that tests and the API give
 * their own store, key, TikTok (or emulator) client and clock.
 */
export interface ControlPlaneDeps {
  /** The store, or an open transaction (see the functions' notes about network calls). */
  db: Queryable;
  secrets: SecretBox;
  /**
   * A TikTok client without a token (or with any token): each credential's token is applied with
   * `withToken`, sharing its rate limit. Its base URL also serves the OAuth consent page.
   */
  tiktok: TikTokClient;
  /** The destination plugins of this process (`src/destinations`' registry, built at start-up). */
  plugins: PluginLookup;
  /** Epoch milliseconds; default `Date.now`. */
  now?: () => number;
  logger?: Logger;
}

/** The clock of `deps`. */
export function clockOf(deps: Pick<ControlPlaneDeps, 'now'>): () => number {
  return deps.now ?? Date.now;
}
