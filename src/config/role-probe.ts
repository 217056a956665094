import {
  AppNotAllowlisted,
  InvalidRequest,
  MissingPermission,
  MissingScope,
  TikTokApiError,
  type TikTokClient,
} from '../tiktok/index.js';

/** What the write probe found; see {@link probeWriteAccess}. */
export type WriteAccess =
  /** TikTok let the write through (or refused only its content). */
  | 'write'
  /** The user's role refuses writes (Analyst): 40001/40003/40301 naming the role. */
  | 'read_only'
  /** The app is not allowlisted or permitted for the audience API (40117, 40118, 40125): not the role. */
  | 'app_not_allowlisted'
  /** The authorization lacks the audience scope (40130). */
  | 'missing_scope'
  /** A 40001-like refusal that names neither the role nor the app: the cause is not known. */
  | 'no_permission';

/** Words by which TikTok's 40001 message blames the user's role rather than the app. */
const ROLE_WORDS = /\b(analyst|role|operator|admin)\b/i;
/** Words by which a permission message blames the app (an allowlist) rather than the user. */
const APP_WORDS = /\b(app|allowlist|whitelist|approved|not permitted)\b/i;

/**
 * Whether the token's user may change data on the advertiser (Operator or Admin), found with a write that
 * changes nothing: `segment/mapping/` `delete` of one member without any identifier (`{}`). `advertiser/info/`
 * does not report the user's role (its `role` field is the account's, e.g. ROLE_ADVERTISER), and TikTok
 * answers 40001 only when a write is attempted, so a harmless write is the only reliable test.
 * A 40118 (app not allowlisted) is never "can write", and a 40001 is the Analyst role only when its message
 * says so: TikTok answers 40001 for apps without access too. The advertiser must be authorized for the token.
 * @throws TikTokApiError for anything else (invalid token, advertiser not found, TikTok unavailable).
 */
export async function probeWriteAccess(client: TikTokClient, advertiserId: string): Promise<WriteAccess> {
  try {
    await client.mapAudience({
      advertiserIds: [advertiserId],
      action: 'delete',
      idSchema: ['EMAIL_SHA256'],
      batchData: [[{}]],
    });
    return 'write';
  } catch (err) {
    if (err instanceof AppNotAllowlisted) return 'app_not_allowlisted';
    if (err instanceof MissingScope) return 'missing_scope';
    if (err instanceof MissingPermission) {
      if (APP_WORDS.test(err.apiMessage) && !ROLE_WORDS.test(err.apiMessage)) return 'app_not_allowlisted';
      return ROLE_WORDS.test(err.apiMessage) || err.tiktokCode === 40301 ? 'read_only' : 'no_permission';
    }
    if (err instanceof InvalidRequest) return 'write';
    throw err;
  }
}

/** Outcome of {@link probeEventSource}. */
export type EventSourceProbe =
  | { result: 'exists' }
  | { result: 'not_found'; message: string }
  | { result: 'read_only'; message: string }
  /** TikTok answered in a way that tells neither (e.g. it accepted the probe): the check is inconclusive. */
  | { result: 'unknown'; message: string };

/** Code the probe event is marked with, so it would only ever appear in TikTok's Test Events tool. */
export const PROBE_TEST_EVENT_CODE = 'TTADS_CONNECTION_TEST';

/**
 * Whether an offline event set (or, for `web`, a pixel) exists and the token may send to it. The client
 * cannot list event sets, so this sends `event/track/` with one deliberately invalid test event (no event
 * name, time 0, marked with a test event code): TikTok refuses the whole request, so nothing is recorded.
 * An unknown source id is a 40007; a permission refusal is a 40001; a refusal of the event itself means the
 * source was found. Limit: this relies on TikTok checking the source before the event's content, as the
 * emulator does; a 40002 that is not about the event data is reported as `unknown`.
 * @throws TikTokApiError for invalid tokens, throttling and outages.
 */
export async function probeEventSource(
  client: TikTokClient,
  source: { eventSource: 'web' | 'offline'; eventSourceId: string },
): Promise<EventSourceProbe> {
  try {
    await client.trackEvents({
      eventSource: source.eventSource,
      eventSourceId: source.eventSourceId,
      testEventCode: PROBE_TEST_EVENT_CODE,
      data: [{ event: '', event_time: 0 }],
    });
    return { result: 'unknown', message: 'TikTok accepted the probe event instead of refusing it' };
  } catch (err) {
    if (err instanceof MissingPermission) return { result: 'read_only', message: err.apiMessage };
    if (err instanceof TikTokApiError && err.tiktokCode === 40007)
      return { result: 'not_found', message: err.apiMessage };
    if (err instanceof InvalidRequest) {
      return /data\s*\[/.test(err.apiMessage) || err.tiktokCode === 40062
        ? { result: 'exists' }
        : { result: 'unknown', message: err.apiMessage };
    }
    throw err;
  }
}
