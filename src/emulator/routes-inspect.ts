import { Hono } from 'hono';
import type { EmulatorEnv } from './context.js';
import type { FaultController } from './faults.js';
import { TIER_NAMES, type Throttle } from './quota.js';
import { SCOPES } from './permissions.js';
import type { EmulatorState } from './state.js';
import { ID_TYPES, type ForcedAnswer } from './types.js';
import { isRecord } from './validation.js';

export interface InspectDeps {
  state: () => EmulatorState;
  clock: () => number;
  faults: FaultController;
  throttle: Throttle;
  /** The live route settings; the control API changes `listingDelayMs`. */
  settings: { listingDelayMs: number };
  reset: () => void;
  changed: () => void;
}

/** Everything a test, demo or person needs to talk to the emulator (all values are emulator-only). */
export function credentialsOf(state: EmulatorState): Record<string, unknown> {
  const d = state.directory;
  return {
    apps: [...d.apps.values()].map((a) => ({ app_id: a.app_id, secret: a.secret })),
    advertisers: [...d.advertisers.values()].map((a) => ({
      advertiser_id: a.advertiser_id,
      name: a.name,
      business_id: a.business_id,
    })),
    users: [...d.users.values()].map((u) => ({
      user_id: u.user_id,
      name: u.name,
      role: u.role,
      advertiser_ids: u.advertiser_ids,
    })),
    tokens: [...d.tokens.values()].map((t) => ({
      access_token: t.access_token,
      advertiser_ids: t.advertiser_ids,
      role: t.role,
      revoked: t.revoked,
    })),
    event_sets: [...d.eventSets.values()].map((e) => ({
      event_set_id: e.event_set_id,
      advertiser_id: e.advertiser_id,
    })),
    pixels: [...d.pixels.values()].map((p) => ({ pixel_code: p.pixel_code, advertiser_id: p.advertiser_id })),
  };
}

function isForcedAnswer(v: unknown): v is ForcedAnswer {
  return (
    (typeof v === 'number' && Number.isInteger(v)) ||
    (typeof v === 'string' && /^http:5\d\d$/.test(v)) ||
    v === 'drop' ||
    v === 'drop-after'
  );
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** The JSON inspection and control API under `/_emulator/` (never faulted or rate limited). */
export function inspectRoutes(deps: InspectDeps): Hono<EmulatorEnv> {
  const r = new Hono<EmulatorEnv>();
  const bad = (message: string): Response => Response.json({ error: message }, { status: 400 });
  const jsonBody = async (req: Request): Promise<Record<string, unknown> | undefined> => {
    const body: unknown = await req.json().catch(() => undefined);
    return isRecord(body) ? body : undefined;
  };

  r.get('/credentials', (c) => c.json(credentialsOf(deps.state())));

  r.get('/audiences', (c) => {
    const { audiences } = deps.state();
    const summary = ['1', 'true'].includes(c.req.query('summary') ?? '');
    const only = c.req.query('advertiser_id');
    const now = deps.clock();
    const list = audiences
      .all()
      .filter((a) => only === undefined || a.advertiser_id === only)
      .map((a) => ({
        audience_id: a.audience_id,
        name: a.name,
        advertiser_ids: [a.advertiser_id],
        ...audiences.status(a, now),
        member_counts: Object.fromEntries(ID_TYPES.map((t) => [t, audiences.memberCount(a, t)])),
        ...(summary
          ? {}
          : { members: Object.fromEntries([...a.members].map(([t, set]) => [t, [...set.values()]])) }),
      }));
    return c.json({ audiences: list });
  });

  r.get('/events', (c) => {
    const only = c.req.query('event_source_id');
    const events = deps.state().events.events.filter((e) => only === undefined || e.event_source_id === only);
    return c.json({ events });
  });

  r.get('/stats', (c) => c.json(deps.state().stats.toJSON()));

  r.post('/reset', (c) => {
    deps.reset();
    return c.json({ reset: true });
  });

  r.post('/tokens/:token/revoke', (c) => {
    const revoked = deps.state().directory.revokeToken(c.req.param('token'));
    if (!revoked) return c.json({ error: 'unknown or already revoked token' }, 404);
    deps.changed();
    return c.json({ revoked: true });
  });

  const faultsView = (): Record<string, unknown> => ({
    faults: deps.faults.current(),
    rateLimitRps: deps.throttle.limits.qps,
    limits: deps.throttle.limits,
    suspensionMs: deps.throttle.suspensionMs,
    listingDelayMs: deps.settings.listingDelayMs,
  });
  r.get('/faults', (c) => c.json(faultsView()));
  // Fault settings, plus `rateLimitRps` (default QPS per app), `tier` (default limits of every app
  // without its own), `suspensionMs` (how long a spent QPM suspends such an app) and `listingDelayMs` (how
  // long a new audience stays out of the list endpoint).
  r.post('/faults', async (c) => {
    const body = await jsonBody(c.req.raw);
    if (!body) return bad('body must be a JSON object of fault settings');
    const { rateLimitRps, tier, listingDelayMs, suspensionMs, ...faults } = body;
    if (tier !== undefined && !TIER_NAMES.includes(tier as never))
      return bad(`tier must be one of ${TIER_NAMES.join(', ')}`);
    deps.faults.configure(faults);
    if (tier !== undefined) deps.throttle.setDefaults({ tier: tier as never });
    if (typeof rateLimitRps === 'number') deps.throttle.setDefaults({ qps: rateLimitRps });
    if (isCount(listingDelayMs)) deps.settings.listingDelayMs = listingDelayMs;
    if (isCount(suspensionMs)) deps.throttle.suspensionMs = suspensionMs;
    return c.json(faultsView());
  });

  const appView = (appId: string): Record<string, unknown> | undefined => {
    const app = deps.state().directory.apps.get(appId);
    if (!app) return undefined;
    return {
      app_id: app.app_id,
      tier: app.tier ?? null,
      qps: app.qps ?? null,
      qpm: app.qpm ?? null,
      qpd: app.qpd ?? null,
      suspension_ms: app.suspension_ms ?? null,
      unapproved_apis: app.unapproved_apis ?? [],
      missing_scopes: app.missing_scopes ?? [],
      usage: deps.throttle.usage.usageOf(app.app_id),
    };
  };
  r.get('/apps', (c) => c.json({ apps: [...deps.state().directory.apps.keys()].map(appView) }));
  // Accepted requests of an app per calendar second (the last hour's): what a quota test checks;
  // `?endpoint=segment/mapping/` counts one endpoint's only.
  r.get('/apps/:app_id/seconds', (c) => {
    const app = deps.state().directory.apps.get(c.req.param('app_id'));
    if (!app) return c.json({ error: 'unknown app' }, 404);
    const endpoint = c.req.query('endpoint');
    return c.json({ app_id: app.app_id, seconds: deps.throttle.usage.secondsOf(app.app_id, endpoint) });
  });
  // An app's quota (tier and/or qps, qpm, qpd, suspension_ms; null clears one), allowlist and scopes.
  r.post('/apps/:app_id', async (c) => {
    const app = deps.state().directory.apps.get(c.req.param('app_id'));
    if (!app) return c.json({ error: 'unknown app' }, 404);
    const body = await jsonBody(c.req.raw);
    if (!body) return bad('body must be a JSON object of app settings');
    if (body.tier !== undefined && body.tier !== null && !TIER_NAMES.includes(body.tier as never))
      return bad(`tier must be one of ${TIER_NAMES.join(', ')}`);
    for (const k of ['qps', 'qpm', 'qpd', 'suspension_ms'] as const)
      if (body[k] !== undefined && body[k] !== null && !isCount(body[k])) return bad(`${k} must be a count`);
    for (const k of ['unapproved_apis', 'missing_scopes'] as const)
      if (body[k] !== undefined && !isStrings(body[k])) return bad(`${k} must be a list of strings`);
    if (isStrings(body.missing_scopes) && body.missing_scopes.some((s) => !(s in SCOPES)))
      return bad(`missing_scopes takes ${Object.keys(SCOPES).join(', ')}`);
    for (const k of [
      'tier',
      'qps',
      'qpm',
      'qpd',
      'suspension_ms',
      'unapproved_apis',
      'missing_scopes',
    ] as const) {
      if (body[k] === null) delete app[k];
      else if (body[k] !== undefined) Object.assign(app, { [k]: body[k] });
    }
    return c.json(appView(app.app_id));
  });

  r.post('/tokens/:token/expire', (c) => {
    const token = deps.state().directory.tokens.get(c.req.param('token'));
    if (!token) return c.json({ error: 'unknown token' }, 404);
    token.expires_at = deps.clock();
    deps.changed();
    return c.json({ expired: true, expires_at: new Date(token.expires_at).toISOString() });
  });

  r.get('/next-errors', (c) => c.json({ pending: deps.faults.pending() }));
  r.delete('/next-errors', (c) => {
    deps.faults.clearQueue();
    return c.json({ pending: [] });
  });
  r.post('/next-errors', async (c) => {
    const body = await jsonBody(c.req.raw);
    const codes = body?.codes;
    if (!Array.isArray(codes) || !codes.every(isForcedAnswer))
      return bad('codes must be an array of envelope codes, "http:5xx", "drop" or "drop-after"');
    if (body?.path !== undefined && typeof body.path !== 'string') return bad('path must be a string');
    deps.faults.enqueue(codes, body?.path);
    return c.json({ pending: deps.faults.pending() });
  });

  return r;
}
