import { randomBytes } from 'node:crypto';
import { ApiError } from './envelope.js';
import type { EmulatorSeed, Role } from './types.js';

/** Auth codes are valid for one hour and a single exchange, as on TikTok. */
export const AUTH_CODE_TTL_MS = 60 * 60 * 1000;

export type AppRecord = EmulatorSeed['apps'][number];
export type AdvertiserRecord = EmulatorSeed['advertisers'][number];
export type UserRecord = EmulatorSeed['users'][number];

export interface TokenRecord {
  access_token: string;
  app_id: string;
  user_id: string;
  role: Role;
  advertiser_ids: string[];
  revoked: boolean;
  /** True when issued by an OAuth exchange (kept by persistence), false when seeded. */
  issued: boolean;
  /** Ms since the epoch from which the token answers 40102; absent = long-lived, as TikTok's are. */
  expires_at?: number;
}

interface AuthCode {
  app_id: string;
  user_id: string;
  created_at: number;
  used: boolean;
}

/** Apps, businesses, ad accounts, people, tokens and event sources: everything but audiences and events. */
export class Directory {
  readonly apps = new Map<string, AppRecord>();
  readonly businesses = new Map<string, string>();
  readonly advertisers = new Map<string, AdvertiserRecord>();
  readonly users = new Map<string, UserRecord>();
  readonly tokens = new Map<string, TokenRecord>();
  readonly eventSets = new Map<string, { event_set_id: string; advertiser_id: string; name?: string }>();
  readonly pixels = new Map<string, { pixel_code: string; advertiser_id: string; name?: string }>();
  private readonly codes = new Map<string, AuthCode>();

  constructor(seed: EmulatorSeed) {
    for (const a of seed.apps)
      this.apps.set(a.app_id, {
        ...a,
        ...(a.unapproved_apis ? { unapproved_apis: [...a.unapproved_apis] } : {}),
        ...(a.missing_scopes ? { missing_scopes: [...a.missing_scopes] } : {}),
      });
    for (const b of seed.businesses ?? []) this.businesses.set(b.business_id, b.name);
    for (const a of seed.advertisers) this.advertisers.set(a.advertiser_id, { ...a });
    for (const u of seed.users) this.users.set(u.user_id, { ...u, advertiser_ids: [...u.advertiser_ids] });
    for (const e of seed.event_sets ?? []) this.eventSets.set(e.event_set_id, { ...e });
    for (const p of seed.pixels ?? []) this.pixels.set(p.pixel_code, { ...p });
    const firstApp = seed.apps[0]!.app_id;
    for (const t of seed.tokens) {
      const user = this.users.get(t.user_id)!;
      const record = this.tokenFor(t.access_token, t.app_id ?? firstApp, user, false);
      if (t.expires_at !== undefined)
        record.expires_at = typeof t.expires_at === 'number' ? t.expires_at : Date.parse(t.expires_at);
      this.tokens.set(t.access_token, record);
    }
  }

  /** The app when the secret matches, else a 40101. */
  checkApp(appId: unknown, secret: unknown): AppRecord {
    const app =
      typeof appId === 'string' || typeof appId === 'number' ? this.apps.get(String(appId)) : undefined;
    if (!app || app.secret !== secret) throw new ApiError(40101);
    return app;
  }

  /** A user chosen by id, then by role name (case-insensitive); the first Operator/Admin by default. */
  findUser(selector: string | undefined): UserRecord | undefined {
    const users = [...this.users.values()];
    if (!selector) return users.find((u) => u.role !== 'Analyst') ?? users[0];
    const wanted = selector.toLowerCase();
    return this.users.get(selector) ?? users.find((u) => u.role.toLowerCase() === wanted);
  }

  issueCode(appId: string, userId: string, now: number): string {
    const code = randomBytes(20).toString('hex');
    this.codes.set(code, { app_id: appId, user_id: userId, created_at: now, used: false });
    return code;
  }

  /** Spends an auth code; any problem (unknown, other app, used, expired) is a 40110. */
  consumeCode(code: unknown, appId: string, now: number): UserRecord {
    const entry = typeof code === 'string' ? this.codes.get(code) : undefined;
    if (!entry || entry.app_id !== appId) throw new ApiError(40110, 'Auth code is invalid');
    if (entry.used) throw new ApiError(40110, 'Auth code has been used');
    if (now - entry.created_at > AUTH_CODE_TTL_MS) throw new ApiError(40110, 'Auth code has expired');
    entry.used = true;
    return this.users.get(entry.user_id)!;
  }

  /** A new long-lived token per exchange, carrying the user's role and advertisers. */
  issueToken(appId: string, user: UserRecord): TokenRecord {
    const record = this.tokenFor(`act.${randomBytes(20).toString('hex')}`, appId, user, true);
    this.tokens.set(record.access_token, record);
    return record;
  }

  revokeToken(token: string): boolean {
    const record = this.tokens.get(token);
    if (!record || record.revoked) return false;
    record.revoked = true;
    return true;
  }

  private tokenFor(token: string, appId: string, user: UserRecord, issued: boolean): TokenRecord {
    return {
      access_token: token,
      app_id: appId,
      user_id: user.user_id,
      role: user.role,
      advertiser_ids: [...user.advertiser_ids],
      revoked: false,
      issued,
    };
  }
}
