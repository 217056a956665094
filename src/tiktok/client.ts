import { silentLogger } from '../logger.js';
import {
  MAX_AUDIENCE_IDS_PER_GET,
  MAX_EVENTS_PER_REQUEST,
  MAX_PAGE_SIZE,
  TIKTOK_API_URL,
} from './constants.js';
import { isListedAs } from './audience-name.js';
import { InvalidRequest } from './errors.js';
import { QPM_SUSPENSION_MS } from './gate.js';
import { HttpTransport } from './http.js';
import { spliceJson } from './json-body.js';
import {
  readPage,
  toAdvertiserInfo,
  toAudienceDetails,
  toAudienceSummary,
  toAuthorizedAdvertisers,
  toGrant,
} from './mappers.js';
import { resolveRetryPolicy } from './retry.js';
import type { AudienceDetails, AudienceSummary, TikTokClient, TikTokClientOptions } from './types.js';

export type { TikTokClient, TikTokClientOptions } from './types.js';

/** Global timers, looked up at call time so that test fake timers apply. */
function sleepMs(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** How long a new audience may take to be listed by name, unless set otherwise (`listingWaitMs`). */
export const DEFAULT_LISTING_WAIT_MS = 180_000;

/** Looking for a new audience in the list: first pause, and the longest. */
const LISTING_POLL_FIRST_MS = 1_000;
const LISTING_POLL_MAX_MS = 15_000;

/** What looking for a new audience needs: how long to wait, and the client's clock. */
interface ListingWait {
  waitMs: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

/** Builds a client; every option has a default suited to production TikTok. */
export function createTikTokClient(opts: TikTokClientOptions = {}): TikTokClient {
  const sleep = opts.sleep ?? sleepMs;
  const now = opts.now ?? (() => Date.now());
  const transport = HttpTransport.create({
    baseUrl: (opts.baseUrl ?? TIKTOK_API_URL).replace(/\/+$/, ''),
    accessToken: opts.accessToken,
    rps: opts.rps ?? 10,
    concurrency: opts.concurrency ?? 4,
    timeoutMs: opts.timeoutMs ?? 30_000,
    retry: resolveRetryPolicy(opts.retry),
    fetch: opts.fetch ?? globalThis.fetch,
    logger: opts.logger ?? silentLogger(),
    sleep,
    random: opts.random ?? Math.random,
    now,
    quota: opts.quota,
    onPause: opts.onPause,
    suspensionMs: opts.suspensionMs ?? QPM_SUSPENSION_MS,
  });
  return clientOn(transport, { waitMs: opts.listingWaitMs ?? DEFAULT_LISTING_WAIT_MS, sleep, now });
}

function clientOn(t: HttpTransport, listing: ListingWait): TikTokClient {
  const client: TikTokClient = {
    baseUrl: t.baseUrl,

    authorizeUrl({ appId, state, redirectUri, portalBase }) {
      const url = new URL('portal/auth', `${(portalBase ?? t.baseUrl).replace(/\/+$/, '')}/`);
      url.searchParams.set('app_id', appId);
      url.searchParams.set('state', state);
      url.searchParams.set('redirect_uri', redirectUri);
      return url.toString();
    },

    async exchangeAuthCode({ appId, secret, authCode }) {
      const res = await t.request({
        method: 'POST',
        endpoint: 'oauth2/access_token/',
        body: { app_id: appId, secret, auth_code: authCode },
        auth: false,
        secrets: [secret, authCode],
      });
      return toGrant(res.data);
    },

    async getAuthorizedAdvertisers({ appId, secret }) {
      const res = await t.request({
        method: 'GET',
        endpoint: 'oauth2/advertiser/get/',
        query: { app_id: appId, secret },
        secrets: [secret],
      });
      return toAuthorizedAdvertisers(res.data);
    },

    async revokeToken({ appId, secret, accessToken }) {
      await t.request({
        method: 'POST',
        endpoint: 'oauth2/revoke_token/',
        body: { app_id: appId, secret, access_token: accessToken },
        auth: false,
        secrets: [secret, accessToken],
      });
    },

    async getAdvertiserInfo(advertiserIds) {
      const res = await t.request({
        method: 'GET',
        endpoint: 'advertiser/info/',
        query: { advertiser_ids: advertiserIds },
      });
      return toAdvertiserInfo(res.data);
    },

    async *iterateCustomAudiences(advertiserId) {
      for (let page = 1; ; page += 1) {
        const res = await t.request({
          method: 'GET',
          endpoint: 'dmp/custom_audience/list/',
          query: { advertiser_id: advertiserId, page, page_size: MAX_PAGE_SIZE },
        });
        const { rows, more } = readPage(res.data, page);
        for (const row of rows) yield toAudienceSummary(row);
        if (!more) return;
      }
    },

    async listCustomAudiences(advertiserId) {
      const all: AudienceSummary[] = [];
      for await (const audience of client.iterateCustomAudiences(advertiserId)) all.push(audience);
      return all;
    },

    async findAudienceByName(advertiserId, name) {
      // The exact name wins; else the name as TikTok truncated it (long names).
      let truncated: AudienceSummary | undefined;
      for await (const audience of client.iterateCustomAudiences(advertiserId)) {
        if (audience.name === name) return audience;
        if (!truncated && isListedAs(audience.name, name)) truncated = audience;
      }
      return truncated;
    },

    async findNewAudience(advertiserId, name) {
      // TikTok lists a new audience only after a delay: a create it applied may not show at once.
      const deadline = listing.now() + listing.waitMs;
      for (let pause = LISTING_POLL_FIRST_MS; ; pause = Math.min(pause * 2, LISTING_POLL_MAX_MS)) {
        const found = await client.findAudienceByName(advertiserId, name);
        if (found) return found;
        const left = deadline - listing.now();
        if (left <= 0) return undefined;
        await listing.sleep(Math.min(pause, left));
      }
    },

    async getCustomAudiences(advertiserId, audienceIds) {
      const out: AudienceDetails[] = [];
      for (const ids of chunks(audienceIds, MAX_AUDIENCE_IDS_PER_GET)) {
        const res = await t.request<{ list?: unknown[] }>({
          method: 'GET',
          endpoint: 'dmp/custom_audience/get/',
          query: { advertiser_id: advertiserId, custom_audience_ids: ids },
        });
        for (const row of res.data.list ?? []) out.push(toAudienceDetails(row));
      }
      return out;
    },

    async getAudience(advertiserId, audienceId) {
      try {
        const [details] = await client.getCustomAudiences(advertiserId, [audienceId]);
        return details?.audienceId === audienceId ? details : undefined;
      } catch (err) {
        // 40007: no such audience under the advertiser (deleted in TikTok, or never there).
        if (err instanceof InvalidRequest && err.tiktokCode === 40007) return undefined;
        throw err;
      }
    },

    async createAudience({ advertiserId, name }) {
      // Whether an attempt may have reached TikTok: until one has, a failure needs no look at the list.
      let mayExist = false;
      const res = await t.request<{ audience_id?: unknown }>({
        method: 'POST',
        endpoint: 'segment/audience/',
        body: { advertiser_id: advertiserId, action: 'create', custom_audience_name: name },
        // A create whose answer was lost may have happened, and TikTok lists a new audience only after a
        // delay: look for it, for up to the listing wait, before creating a second one.
        reconcile: async (err) => {
          mayExist ||= err.reason !== 'unreached';
          if (!mayExist) return undefined;
          const found = await client.findNewAudience(advertiserId, name);
          return found ? { audience_id: found.audienceId } : undefined;
        },
      });
      return { audienceId: toAudienceSummary(res.data).audienceId };
    },

    async mapAudience({ advertiserIds, action, idSchema, batchData }) {
      if (batchData.some((row) => row.length !== idSchema.length)) {
        throw new RangeError('every batch_data row must have one entry per id_schema type');
      }
      return t.request({
        method: 'POST',
        endpoint: 'segment/mapping/',
        body: { advertiser_ids: advertiserIds, action, id_schema: idSchema, batch_data: batchData },
      });
    },

    async mapAudienceJson({ advertiserIds, action, idSchema, batchDataJson }) {
      // Ids are digits and types are fixed names: JSON.stringify of both is safe to splice around the
      // pre-built batch_data, which is the only large part.
      const head =
        `{"advertiser_ids":${JSON.stringify(advertiserIds)},"action":${JSON.stringify(action)},` +
        `"id_schema":${JSON.stringify(idSchema)},"batch_data":`;
      const rawBody = () =>
        spliceJson(head, typeof batchDataJson === 'function' ? batchDataJson() : batchDataJson, '}');
      return t.request({ method: 'POST', endpoint: 'segment/mapping/', rawBody });
    },

    async trackEvents({ eventSource, eventSourceId, testEventCode, data }) {
      if (data.length === 0 || data.length > MAX_EVENTS_PER_REQUEST) {
        throw new RangeError(`event/track/ takes 1 to ${MAX_EVENTS_PER_REQUEST} events, got ${data.length}`);
      }
      const body: Record<string, unknown> = {
        event_source: eventSource,
        event_source_id: eventSourceId,
        data,
      };
      if (testEventCode) body.test_event_code = testEventCode;
      return t.request({ method: 'POST', endpoint: 'event/track/', body });
    },

    async trackEventsJson({ eventSource, eventSourceId, testEventCode, count, dataJson }) {
      if (!Number.isInteger(count) || count < 1 || count > MAX_EVENTS_PER_REQUEST) {
        throw new RangeError(`event/track/ takes 1 to ${MAX_EVENTS_PER_REQUEST} events, got ${count}`);
      }
      // The same body as trackEvents' (same keys, same order), with the pre-built data spliced in.
      const head = `{"event_source":${JSON.stringify(eventSource)},"event_source_id":${JSON.stringify(eventSourceId)},"data":`;
      const tail = testEventCode ? `,"test_event_code":${JSON.stringify(testEventCode)}}` : '}';
      const rawBody = spliceJson(head, dataJson, tail);
      return t.request({ method: 'POST', endpoint: 'event/track/', rawBody });
    },

    withToken: (accessToken) => clientOn(t.withToken(accessToken), listing),
    stats: () => t.stats(),
    requestsPerSecond: () => t.requestsPerSecond(),
    watchPauses: (listener) => t.watchPauses(listener),
  };
  return client;
}
