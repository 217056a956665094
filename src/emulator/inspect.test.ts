import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmulator } from './app.js';
import { ADV1, call, createAudience, D, inspect, sha } from './emulator.test-support.js';

interface Credentials {
  apps: { app_id: string; secret: string }[];
  advertisers: { advertiser_id: string; business_id: string }[];
  tokens: { access_token: string; advertiser_ids: string[]; role: string }[];
  event_sets: { event_set_id: string }[];
  pixels: { pixel_code: string }[];
}
interface Audiences {
  audiences: {
    audience_id: string;
    members?: Record<string, string[]>;
    member_counts: Record<string, number>;
  }[];
}

async function withMembers() {
  const e = createEmulator();
  const id = await createAudience(e, 'Buyers');
  await call(e, 'POST', 'segment/mapping/', {
    body: {
      advertiser_ids: [ADV1],
      action: 'add',
      id_schema: ['EMAIL_SHA256'],
      batch_data: [[{ id: sha('a'), audience_ids: [id] }]],
    },
  });
  return { e, id };
}

describe('inspection API', () => {
  it('lists the default credentials', async () => {
    const c = await inspect<Credentials>(createEmulator(), 'credentials');
    expect(c.apps).toEqual([{ app_id: D.app.app_id, secret: D.app.secret }]);
    expect(c.advertisers.map((a) => a.advertiser_id)).toEqual([
      D.advertisers[0].advertiser_id,
      D.advertisers[1].advertiser_id,
      D.foreignAdvertiser.advertiser_id,
    ]);
    expect(c.tokens.map((t) => [t.access_token, t.role])).toEqual([
      [D.tokens.operator, 'Operator'],
      [D.tokens.analyst, 'Analyst'],
    ]);
    expect(c.event_sets[0]?.event_set_id).toBe(D.eventSet.event_set_id);
    expect(c.pixels[0]?.pixel_code).toBe(D.pixel.pixel_code);
  });

  it('shows audiences with members, or counts only with summary=1', async () => {
    const { e, id } = await withMembers();
    const full = await inspect<Audiences>(e, 'audiences');
    expect(full.audiences[0]).toMatchObject({ audience_id: id, members: { EMAIL_SHA256: [sha('a')] } });
    const summary = await inspect<Audiences>(e, 'audiences?summary=1');
    expect(summary.audiences[0]?.members).toBeUndefined();
    expect(summary.audiences[0]?.member_counts.EMAIL_SHA256).toBe(1);
  });

  it('shows events and per-endpoint stats', async () => {
    const { e } = await withMembers();
    await call(e, 'POST', 'segment/audience/', { token: 'bad', body: {} });
    const stats = await inspect<{
      requests: Record<string, Record<string, number>>;
      mapping_rows_received: number;
    }>(e, 'stats');
    expect(stats.requests['segment/audience/']).toEqual({ '0': 1, '40105': 1 });
    expect(stats.requests['segment/mapping/']).toEqual({ '0': 1 });
    expect(stats.mapping_rows_received).toBe(1);
    expect(await inspect<{ events: unknown[] }>(e, 'events')).toEqual({ events: [] });
  });

  it('resets to the seed state', async () => {
    const { e } = await withMembers();
    await e.app.request(`/_emulator/tokens/${D.tokens.operator}/revoke`, { method: 'POST' });
    e.queueErrors([50000]);
    const res = await e.app.request('/_emulator/reset', { method: 'POST' });
    expect(res.status).toBe(200);
    expect((await inspect<Audiences>(e, 'audiences')).audiences).toEqual([]);
    expect(e.state.directory.tokens.get(D.tokens.operator)?.revoked).toBe(false);
    expect(e.faults.pending()).toEqual([]);
    expect(e.state.stats.mapping_rows_received).toBe(0);
  });

  it('answers 404 when revoking an unknown token', async () => {
    const res = await createEmulator().app.request('/_emulator/tokens/nope/revoke', { method: 'POST' });
    expect(res.status).toBe(404);
  });
});

describe('persistence', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keeps audiences, members, events and issued tokens across restarts', async () => {
    dir = await mkdtemp(join(tmpdir(), 'emu-'));
    const file = join(dir, 'state.json');
    const first = createEmulator({ persistFile: file });
    const id = await createAudience(first, 'Kept');
    await call(first, 'POST', 'segment/mapping/', {
      body: {
        advertiser_ids: [ADV1],
        action: 'add',
        id_schema: ['PHONE_SHA256'],
        batch_data: [[{ id: sha('1'), audience_ids: [id] }]],
      },
    });
    await first.app.request(`/_emulator/tokens/${D.tokens.analyst}/revoke`, { method: 'POST' });
    await first.flush();

    const second = createEmulator({ persistFile: file });
    expect(second.state.audiences.get(id)?.members.get('PHONE_SHA256')?.has(sha('1'))).toBe(true);
    expect(second.state.directory.tokens.get(D.tokens.analyst)?.revoked).toBe(true);
    expect(await createAudience(second, 'Next')).not.toBe(id);
  });
});
