import { InvalidRequest, MissingPermission, TikTokApiError, type TikTokClient } from '../tiktok/index.js';

/**
 * Whether the token's user may change data on the advertiser (Operator or Admin), found with a write that
 * changes nothing: `segment/mapping/` `delete` of one member without any identifier (`{}`). `advertiser/info/`
 * does not report the user's role (its `role` field is the account's, e.g. ROLE_ADVERTISER), and TikTok
 * answers 40001 only when a write is attempted, so a harmless write is the only reliable test.
 * Returns `read_only` on a permission refusal (40001/40003/40130/40301); `write` when TikTok accepted the
 * call or refused only its content (the permission check passed). The advertiser must be authorized for
 * the token, or a 40001 would mean "not authorized" rather than "Analyst".
 * @throws TikTokApiError for anything else (invalid token, advertiser not found, TikTok unavailable).
 */
export async function probeWriteAccess(
  client: TikTokClient,
  advertiserId: string,
): Promise<'write' | 'read_only'> {
  try {
    await client.mapAudience({
      advertiserIds: [advertiserId],
      action: 'delete',
      idSchema: ['EMAIL_SHA256'],
      batchData: [[{}]],
    });
    return 'write';
  } catch (err) {
    if (err instanceof MissingPermission) return 'read_only';
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
    if (err instanceof TikTokApiError && err.code === 40007)
      return { result: 'not_found', message: err.apiMessage };
    if (err instanceof InvalidRequest) {
      return /data\s*\[/.test(err.apiMessage) || err.code === 40062
        ? { result: 'exists' }
        : { result: 'unknown', message: err.apiMessage };
    }
    throw err;
  }
}
