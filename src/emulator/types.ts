import type { Logger } from '../logger.js';

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
  apps: { app_id: string; secret: string; name?: string }[];
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
  tokens: { access_token: string; user_id: string; app_id?: string }[];
  event_sets?: { event_set_id: string; advertiser_id: string; name?: string }[];
  pixels?: { pixel_code: string; advertiser_id: string; name?: string }[];
  audiences?: {
    audience_id: string;
    name: string;
    advertiser_id: string;
    members?: Partial<Record<IdType, string[]>>;
  }[];
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
  /** Fraction whose connection is destroyed without an answer. */
  dropRate?: number;
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
  /** Requests per rolling second per token (or app when no token); default 50, 0 turns it off. */
  rateLimitRps?: number;
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

/** A forced answer queued through `POST /_emulator/next-errors`. */
export type ForcedAnswer = number | 'http:503' | 'drop';
