import type { Logger } from '../logger.js';
import type { Tier } from './quota.js';

/** Role of a TikTok user on the ad accounts it can reach. Analyst can read, never write. */
export type Role = 'Admin' | 'Operator' | 'Analyst';

/** Identifier types accepted by the Segment API's `id_schema`. */
export const ID_TYPES = [
  'EMAIL_SHA256',
  'PHONE_SHA256',
  'IDFA_SHA256',
  'AAID_SHA256',
  'IDFA_MD5',
  'AAID_MD5',
] as const;
export type IdType = (typeof ID_TYPES)[number];

/** JSON shape of a seed file: the accounts, people and assets the emulator starts with. */
export interface EmulatorSeed {
  apps: {
    app_id: string;
    secret: string;
    name?: string;
    /** TikTok rate-limit tier; explicit qps/qpm/qpd override it. Without either, the emulator's defaults. */
    tier?: Tier;
    qps?: number;
    qpm?: number;
    qpd?: number;
    /** How long a spent QPM suspends the app, in ms (default TikTok's 5 minutes; shorter for tests). */
    suspension_ms?: number;
    /** Endpoint path prefixes (e.g. `segment/`) the app is not approved for: 40118. */
    unapproved_apis?: string[];
    /** Scopes (see SCOPES in permissions.ts) the app lacks: 40130 on their endpoints. */
    missing_scopes?: string[];
  }[];
  businesses?: { business_id: string; name: string }[];
  advertisers: {
    advertiser_id: string;
    name: string;
    business_id: string;
    currency?: string;
    timezone?: string;
    company?: string;
    status?: string;
  }[];
  /** People who can consent on the portal; a token carries its user's role and advertisers. */
  users: { user_id: string; name?: string; role: Role; advertiser_ids: string[] }[];
  /** `expires_at` (ISO time or ms since the epoch): from then on the token answers 40102. */
  tokens: { access_token: string; user_id: string; app_id?: string; expires_at?: string | number }[];
  event_sets?: { event_set_id: string; advertiser_id: string; name?: string }[];
  pixels?: { pixel_code: string; advertiser_id: string; name?: string }[];
  audiences?: {
    audience_id: string;
    name: string;
    advertiser_id: string;
    members?: Partial<Record<IdType, string[]>>;
  }[];
  /** Behaviour settings, under any given as emulator options or CLI flags. */
  settings?: {
    rate_limit_rps?: number;
    tier?: Tier;
    /** How long a spent QPM suspends an app without its own `suspension_ms` (default 5 minutes). */
    suspension_ms?: number;
    listing_delay_ms?: number;
    faults?: FaultOptions;
  };
}

/** Random failures, decided by a seeded PRNG so that a run can be replayed. */
export interface FaultOptions {
  /** Fraction of API requests answered with a 50000 envelope. */
  errorRate?: number;
  /** Fraction answered with HTTP 503 and an HTML gateway page. */
  http503Rate?: number;
  /** Fraction delayed by `slowMs` before being handled normally. */
  slowRate?: number;
  slowMs?: number;
  /** Fraction whose connection is destroyed without an answer, before the request is applied. */
  dropRate?: number;
  /** Fraction applied and then answered by a dropped connection (the client cannot know it was applied). */
  dropAfterRate?: number;
  /** Fraction of `event/track/` and `segment/mapping/` requests answered 20001 with some items refused. */
  partialRate?: number;
  /** Share of the items refused in a partial answer (default 0.1, at least one item). */
  partialItemRate?: number;
  /** PRNG seed; the same seed and request order give the same faults. */
  seed?: number;
}

/** Who counts as a TikTok user when computing `cover_num`. */
export interface PopulationOptions {
  emails?: string[];
  phones?: string[];
  idfas?: string[];
  aaids?: string[];
}

export interface EmulatorOptions {
  seed?: EmulatorSeed;
  /**
   * Requests per rolling second per app (the app behind the access token) when no tier applies;
   * default 50, 0 turns it off. No QPM or QPD limit then.
   */
  rateLimitRps?: number;
  /** TikTok rate-limit tier of every app without one of its own (QPS, QPM with suspension, QPD). */
  tier?: Tier;
  /** How long a spent QPM suspends an app, in ms; default TikTok's 5 minutes (tests: seconds). */
  suspensionMs?: number;
  /** Time after creation before an audience shows in `dmp/custom_audience/list/`; default 0. */
  listingDelayMs?: number;
  faults?: FaultOptions;
  /** Time after the last mapping change before an audience is computed; default 0. */
  processingDelayMs?: number;
  /** Rows per `segment/mapping/` call; default 10,000. */
  mappingBatchLimit?: number;
  /** Live audiences per advertiser; default 400. */
  maxAudiencesPerAdvertiser?: number;
  /** Explicit TikTok users (hashed). Takes precedence over `matchRate`. */
  population?: PopulationOptions;
  /** Fraction of hashes treated as TikTok users (decided by the hash itself); default 1. */
  matchRate?: number;
  /** Milliseconds since the epoch; injected so tests control code expiry and event windows. */
  clock?: () => number;
  /**
   * JSON file the state (audiences with members, events, issued tokens, the audience id counter) is
   * loaded from at start and saved to after changes and at shutdown (`ttads emulator --state`).
   */
  persistFile?: string;
  logger?: Logger;
}

/**
 * A forced answer queued through `POST /_emulator/next-errors`: an envelope code (20001 gives a partial
 * answer), an HTML error page with an HTTP 5xx status (`http:502`), a connection dropped before the request
 * is applied (`drop`) or after (`drop-after`).
 */
export type ForcedAnswer = number | `http:${number}` | 'drop' | 'drop-after';
