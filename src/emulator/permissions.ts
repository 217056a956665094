import type { AppRecord } from './directory.js';
import { ApiError } from './envelope.js';

/**
 * The scopes an app can be granted and the endpoints (path prefixes under /open_api/v1.3/) each opens.
 * A token carries its app's scopes: an app without a scope gets 40130 on its endpoints.
 */
export const SCOPES: Record<string, readonly string[]> = {
  audience_management: ['segment/', 'dmp/'],
  measurement: ['event/'],
  ad_account_management: ['advertiser/'],
};

/**
 * Refuses a request the app may not make: 40118 when the endpoint needs TikTok's approval of the app
 * (its allowlist; the Segment API needs one) and the app does not have it, 40130 when the app lacks
 * the endpoint's scope. `path` is relative to /open_api/v1.3/.
 */
export function checkAppPermissions(app: AppRecord | undefined, path: string): void {
  if (!app) return;
  const unapproved = app.unapproved_apis?.find((prefix) => path.startsWith(prefix));
  if (unapproved !== undefined)
    throw new ApiError(40118, `The app ${app.app_id} is not in the whitelist of this API (${path})`);
  for (const scope of app.missing_scopes ?? []) {
    if ((SCOPES[scope] ?? []).some((prefix) => path.startsWith(prefix)))
      throw new ApiError(40130, `The app ${app.app_id} is not authorized for the ${scope} scope (${path})`);
  }
}
