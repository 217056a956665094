import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { EMULATOR_DEFAULTS as D } from './defaults.js';
import { SCOPES } from './permissions.js';
import { TIER_NAMES, type Tier } from './quota.js';
import { ID_TYPES, type EmulatorSeed } from './types.js';

const role = z.enum(['Admin', 'Operator', 'Analyst']);
const id = z.string().min(1);

const count = z.number().int().min(0);
const rate = z.number().min(0).max(1);

const seedSchema = z.object({
  apps: z
    .array(
      z.object({
        app_id: id,
        secret: id,
        name: z.string().optional(),
        tier: z.enum(TIER_NAMES as [Tier, ...Tier[]]).optional(),
        qps: count.optional(),
        qpm: count.optional(),
        qpd: count.optional(),
        suspension_ms: count.optional(),
        unapproved_apis: z.array(z.string()).optional(),
        missing_scopes: z.array(z.enum(Object.keys(SCOPES) as [string, ...string[]])).optional(),
      }),
    )
    .min(1),
  businesses: z.array(z.object({ business_id: id, name: z.string() })).optional(),
  advertisers: z.array(
    z.object({
      advertiser_id: id,
      name: z.string(),
      business_id: id,
      currency: z.string().optional(),
      timezone: z.string().optional(),
      company: z.string().optional(),
      status: z.string().optional(),
    }),
  ),
  users: z.array(z.object({ user_id: id, name: z.string().optional(), role, advertiser_ids: z.array(id) })),
  tokens: z.array(
    z.object({
      access_token: id,
      user_id: id,
      app_id: id.optional(),
      expires_at: z.union([z.iso.datetime({ offset: true }), z.number()]).optional(),
    }),
  ),
  event_sets: z
    .array(z.object({ event_set_id: id, advertiser_id: id, name: z.string().optional() }))
    .optional(),
  pixels: z.array(z.object({ pixel_code: id, advertiser_id: id, name: z.string().optional() })).optional(),
  audiences: z
    .array(
      z.object({
        audience_id: id,
        name: z.string(),
        advertiser_id: id,
        members: z.partialRecord(z.enum(ID_TYPES), z.array(z.string())).optional(),
      }),
    )
    .optional(),
  settings: z
    .object({
      rate_limit_rps: count.optional(),
      tier: z.enum(TIER_NAMES as [Tier, ...Tier[]]).optional(),
      suspension_ms: count.optional(),
      listing_delay_ms: count.optional(),
      faults: z
        .object({
          errorRate: rate.optional(),
          http503Rate: rate.optional(),
          slowRate: rate.optional(),
          slowMs: count.optional(),
          dropRate: rate.optional(),
          dropAfterRate: rate.optional(),
          partialRate: rate.optional(),
          partialItemRate: rate.optional(),
          seed: z.number().int().optional(),
        })
        .optional(),
    })
    .optional(),
});

/** The state the emulator starts in without a seed: the well-known values of EMULATOR_DEFAULTS. */
export function defaultSeed(): EmulatorSeed {
  const ownIds = D.advertisers.map((a) => a.advertiser_id);
  return {
    apps: [{ app_id: D.app.app_id, secret: D.app.secret, name: 'Emulator App' }],
    businesses: [
      { business_id: D.business.business_id, name: D.business.name },
      { business_id: D.foreignAdvertiser.business_id, name: 'Other Business' },
    ],
    advertisers: [...D.advertisers, D.foreignAdvertiser].map((a) => ({ ...a })),
    users: [
      { user_id: 'operator', name: 'Olivia Operator', role: 'Operator', advertiser_ids: [...ownIds] },
      { user_id: 'analyst', name: 'Andy Analyst', role: 'Analyst', advertiser_ids: [...ownIds] },
    ],
    tokens: [
      { access_token: D.tokens.operator, user_id: 'operator', app_id: D.app.app_id },
      { access_token: D.tokens.analyst, user_id: 'analyst', app_id: D.app.app_id },
    ],
    event_sets: [{ ...D.eventSet, name: 'Demo offline events' }],
    pixels: [{ ...D.pixel, name: 'Demo pixel' }],
  };
}

/**
 * Checks a JSON-shaped seed and its cross references (a token's user, a user's advertisers...).
 * @throws Error naming the first problem found.
 */
export function parseSeed(input: unknown): EmulatorSeed {
  const parsed = seedSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `invalid emulator seed at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'unknown'}`,
    );
  }
  const seed = parsed.data;
  const advertisers = new Set(seed.advertisers.map((a) => a.advertiser_id));
  const users = new Set(seed.users.map((u) => u.user_id));
  const apps = new Set(seed.apps.map((a) => a.app_id));
  const check = (ok: boolean, what: string): void => {
    if (!ok) throw new Error(`invalid emulator seed: ${what}`);
  };
  for (const u of seed.users)
    for (const a of u.advertiser_ids)
      check(advertisers.has(a), `user ${u.user_id} names unknown advertiser ${a}`);
  for (const t of seed.tokens) {
    check(users.has(t.user_id), `a token names unknown user ${t.user_id}`);
    check(t.app_id === undefined || apps.has(t.app_id), `a token names unknown app ${t.app_id ?? ''}`);
  }
  for (const s of [...(seed.event_sets ?? []), ...(seed.pixels ?? []), ...(seed.audiences ?? [])])
    check(advertisers.has(s.advertiser_id), `unknown advertiser ${s.advertiser_id}`);
  return seed;
}

/**
 * Reads and checks a seed file (JSON).
 * @throws Error when the file cannot be read, is not JSON or is not a valid seed.
 */
export async function parseSeedFile(path: string): Promise<EmulatorSeed> {
  const text = await readFile(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`emulator seed ${path} is not valid JSON: ${(err as Error).message}`);
  }
  return parseSeed(json);
}
