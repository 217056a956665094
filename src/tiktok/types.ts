import type { Logger } from '../logger.js';
import type { TikTokResult } from './envelope.js';
import type { PauseNotice } from './gate.js';
import type { QuotaBackend } from './quota.js';
import type { RetryPolicy } from './retry.js';
import type { RequestStats } from './stats.js';

/** Result of exchanging an authorization code. */
export interface AccessTokenGrant {
  accessToken: string;
  advertiserIds: string[];
  /** TikTok's scope ids granted to the app. */
  scope: (number | string)[];
}

export interface AuthorizedAdvertiser {
  advertiserId: string;
  advertiserName: string;
}

/** Fields of `advertiser/info/` the product uses; contact details (personal data) are left out on purpose. */
export interface AdvertiserInfo {
  advertiserId: string;
  name: string;
  status?: string | undefined;
  currency?: string | undefined;
  timezone?: string | undefined;
  company?: string | undefined;
  role?: string | undefined;
}

/** One row of `dmp/custom_audience/list/`. */
export interface AudienceSummary {
  audienceId: string;
  name: string;
  /** Matched TikTok users; an audience needs 1,000 before an ad group can use it. */
  coverNum?: number | undefined;
  isValid?: boolean | undefined;
  isExpiring?: boolean | undefined;
  audienceType?: string | undefined;
  calculateType?: string | undefined;
  createTime?: string | undefined;
  expiredTime?: string | undefined;
}

/** Details of `dmp/custom_audience/get/`. */
export interface AudienceDetails extends AudienceSummary {
  isCreator?: boolean | undefined;
  /** TikTok's processing status, when it reports one. */
  calculateStatus?: string | undefined;
}

/** Identifier types of `segment/mapping/`'s `id_schema`. */
export type IdSchemaType =
  'EMAIL_SHA256' | 'PHONE_SHA256' | 'IDFA_SHA256' | 'AAID_SHA256' | 'IDFA_MD5' | 'AAID_MD5';

/** One identifier of a member, or `{}` where the member has none for that position of `id_schema`. */
export type MappingId = { id: string; audience_ids: string[] } | { id?: undefined; audience_ids?: undefined };

/**
 * JSON text as a string or UTF-8 bytes, or a function giving it. A function is called only once the request may
 * go out, so that a large body is copied into the process just before it is written: copying megabytes blocks
 * the event loop, and a block between a quota grant and the write bunches requests at TikTok, whose QPS is
 * counted on arrival; it also keeps only the bodies being sent in memory.
 */
export type JsonBody = string | Uint8Array | (() => string | Uint8Array);

export interface MapAudienceInput {
  advertiserIds: string[];
  action: 'add' | 'delete';
  idSchema: IdSchemaType[];
  /** One inner array per member, lined up with `idSchema` by position. */
  batchData: MappingId[][];
}

/** Events API 2.0 event. Hashing and normalisation happen before the client; it sends what it is given. */
export interface TrackEvent {
  event: string;
  /** Unix seconds. */
  event_time: number;
  event_id?: string;
  user?: {
    email?: string;
    phone?: string;
    external_id?: string;
    ttclid?: string;
    ttp?: string;
    ip?: string;
    user_agent?: string;
    [key: string]: unknown;
  };
  properties?: Record<string, unknown>;
  page?: { url?: string; referrer?: string };
  [key: string]: unknown;
}

export interface TrackEventsInput {
  eventSource: 'web' | 'offline' | 'crm' | 'app';
  /** Pixel code or offline event set id. */
  eventSourceId: string;
  testEventCode?: string | undefined;
  data: TrackEvent[];
}

export interface TikTokClientOptions {
  /** TikTok, its sandbox or the emulator; default production. */
  baseUrl?: string;
  accessToken?: string;
  /** Requests per second; default 10, 0 disables the limiter. */
  rps?: number;
  /** Requests in flight; default 4. */
  concurrency?: number;
  /** Timeout of one HTTP request in ms; default 30,000. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  fetch?: typeof fetch;
  logger?: Logger;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  /** The app's quota (in memory or shared through PostgreSQL); none: only `rps` paces the requests. */
  quota?: QuotaBackend | undefined;
  /** Told when every request pauses: TikTok's 5-minute suspension (QPM spent) or an outage's backoff. */
  onPause?: ((notice: PauseNotice) => void) | undefined;
  /**
   * How long a new audience may take to be listed by name (ms; default 3 minutes): a create whose answer was
   * lost is looked for that long before it is sent again.
   */
  listingWaitMs?: number;
  /**
   * How long the client pauses after TikTok throttled the app's per-minute quota (40100 for QPM); default
   * TikTok's rule, 5 minutes. Shorter only to test against an emulator with a shorter suspension.
   */
  suspensionMs?: number;
}

/** Typed TikTok Business API client: the only way the product talks to TikTok. */
export interface TikTokClient {
  readonly baseUrl: string;
  /** Link the TikTok account holder opens to authorize the app (shareable: it holds no secret). */
  authorizeUrl(input: { appId: string; state: string; redirectUri: string; portalBase?: string }): string;
  exchangeAuthCode(input: { appId: string; secret: string; authCode: string }): Promise<AccessTokenGrant>;
  getAuthorizedAdvertisers(input: { appId: string; secret: string }): Promise<AuthorizedAdvertiser[]>;
  revokeToken(input: { appId: string; secret: string; accessToken: string }): Promise<void>;
  getAdvertiserInfo(advertiserIds: string[]): Promise<AdvertiserInfo[]>;
  /** Every custom audience of the advertiser, page after page (100 per request). */
  iterateCustomAudiences(advertiserId: string): AsyncGenerator<AudienceSummary>;
  listCustomAudiences(advertiserId: string): Promise<AudienceSummary[]>;
  /**
   * The audience named `name`, across all pages: the first with exactly that name, else the first listed
   * under TikTok's truncated form of it (names longer than 400 visible characters).
   */
  findAudienceByName(advertiserId: string, name: string): Promise<AudienceSummary | undefined>;
  /**
   * Like findAudienceByName for an audience that may have just been created: TikTok lists a new audience only
   * after a delay, so the list is read again, with growing pauses, for up to the client's listing wait.
   */
  findNewAudience(advertiserId: string, name: string): Promise<AudienceSummary | undefined>;
  getCustomAudiences(advertiserId: string, audienceIds: string[]): Promise<AudienceDetails[]>;
  /** One audience by id (`dmp/custom_audience/get/`); undefined when TikTok has no such audience (40007). */
  getAudience(advertiserId: string, audienceId: string): Promise<AudienceDetails | undefined>;
  createAudience(input: { advertiserId: string; name: string }): Promise<{ audienceId: string }>;
  mapAudience(input: MapAudienceInput): Promise<TikTokResult<Record<string, unknown>>>;
  /**
   * `segment/mapping/` with `batch_data` given as JSON text (built in bulk, e.g. by DuckDB), so that tens of
   * thousands of rows are not turned into objects only to be serialised again. A function is called each time
   * the request is sent, once it has passed the rate limit and the quota (see {@link JsonBody}).
   */
  mapAudienceJson(
    input: Omit<MapAudienceInput, 'batchData'> & { batchDataJson: JsonBody },
  ): Promise<TikTokResult<Record<string, unknown>>>;
  trackEvents(input: TrackEventsInput): Promise<TikTokResult<Record<string, unknown>>>;
  /**
   * `event/track/` with `data` given as the UTF-8 bytes of its JSON array (built event by event by the
   * sending engine), so that a thousand events are not held as objects only to be serialised; `count` is
   * the number of events in it.
   */
  trackEventsJson(
    input: Omit<TrackEventsInput, 'data'> & { count: number; dataJson: Uint8Array },
  ): Promise<TikTokResult<Record<string, unknown>>>;
  /** A client using another token; it shares this one's rate limit and concurrency, not its counters. */
  withToken(accessToken: string): TikTokClient;
  /** Requests made, retried, throttled and failed by this client, in total and per endpoint. */
  stats(): RequestStats;
  /**
   * The most requests per second this client sends: its rate limit or its app's QPS, whichever is lower;
   * Infinity when neither paces it. A sync sizes its pipeline's steps to it.
   */
  requestsPerSecond(): number;
  /**
   * Calls `listener` with every pause of the client (shared with its `withToken` copies) a person would
   * notice, and with null when sending resumes after it; returns the function that stops it. Runs store it
   * as their status ("paused by TikTok until HH:MM UTC").
   */
  watchPauses(listener: (notice: PauseNotice | null) => void): () => void;
}
