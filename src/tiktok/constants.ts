/** Version segment of every Business API path. */
export const TIKTOK_API_VERSION = 'v1.3';

/** Production host. The base URL is a setting: the sandbox and the emulator take its place. */
export const TIKTOK_API_URL = 'https://business-api.tiktok.com';

/** TikTok's sandbox host, for apps that are not yet approved for production. */
export const TIKTOK_SANDBOX_URL = 'https://sandbox-ads.tiktok.com';

/** Largest page TikTok serves on its paged list endpoints. */
export const MAX_PAGE_SIZE = 100;

/** Events API 2.0 refuses requests with more events than this. */
export const MAX_EVENTS_PER_REQUEST = 1000;

/** `dmp/custom_audience/get/` takes at most this many audience ids per call. */
export const MAX_AUDIENCE_IDS_PER_GET = 100;

/**
 * Builds `<baseUrl>/open_api/v1.3/` from a host URL, tolerating a trailing slash so that settings
 * written either way work.
 */
export function apiBase(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/open_api/${TIKTOK_API_VERSION}/`;
}
