import { Hono } from 'hono';
import type { EmulatorEnv } from './context.js';
import type { FaultController } from './faults.js';
import type { RateLimiter } from './rate-limit.js';
import type { EmulatorState } from './state.js';
import { ID_TYPES, type ForcedAnswer } from './types.js';
import { isRecord } from './validation.js';

export interface InspectDeps {
  state: () => EmulatorState;
  clock: () => number;
  faults: FaultController;
  rateLimiter: RateLimiter;
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
  return (typeof v === 'number' && Number.isInteger(v)) || v === 'http:503' || v === 'drop';
}

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

  r.get('/faults', (c) => c.json({ faults: deps.faults.current(), rateLimitRps: deps.rateLimiter.limit }));
  r.post('/faults', async (c) => {
    const body = await jsonBody(c.req.raw);
    if (!body) return bad('body must be a JSON object of fault settings');
    const { rateLimitRps, ...faults } = body;
    deps.faults.configure(faults);
    if (typeof rateLimitRps === 'number') deps.rateLimiter.setLimit(rateLimitRps);
    return c.json({ faults: deps.faults.current(), rateLimitRps: deps.rateLimiter.limit });
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
      return bad('codes must be an array of envelope codes, "http:503" or "drop"');
    if (body?.path !== undefined && typeof body.path !== 'string') return bad('path must be a string');
    deps.faults.enqueue(codes, body?.path);
    return c.json({ pending: deps.faults.pending() });
  });

  return r;
}
