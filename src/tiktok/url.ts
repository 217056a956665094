import { apiBase } from './constants.js';

/** A query parameter; arrays and objects are sent as JSON text, as TikTok expects. */
export type QueryValue =
  string | number | boolean | readonly unknown[] | Record<string, unknown> | null | undefined;

export type QueryParams = Record<string, QueryValue>;

/** Encodes one query value: TikTok reads `advertiser_ids=["1","2"]`, not repeated keys. */
export function encodeQueryValue(value: Exclude<QueryValue, null | undefined>): string {
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * Full URL of an API endpoint (`advertiser/info/`) under `<baseUrl>/open_api/v1.3/`, with query
 * parameters; null and undefined values are left out.
 */
export function buildUrl(baseUrl: string, endpoint: string, query: QueryParams = {}): string {
  const url = new URL(endpoint.replace(/^\/+/, ''), apiBase(baseUrl));
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null) url.searchParams.set(key, encodeQueryValue(value));
  }
  return url.toString();
}
