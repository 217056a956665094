import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmulator } from './app.js';
import { describeCredentials } from './credentials.js';
import { defaultSeed, parseSeed, parseSeedFile } from './seed.js';
import { call, D, sha } from './emulator.test-support.js';
import type { EmulatorSeed } from './types.js';

const custom: EmulatorSeed = {
  apps: [{ app_id: 'app-1', secret: 's-1' }],
  advertisers: [{ advertiser_id: '100', name: 'Shop', business_id: 'b1' }],
  users: [{ user_id: 'admin', role: 'Admin', advertiser_ids: ['100'] }],
  tokens: [{ access_token: 'tok', user_id: 'admin' }],
  audiences: [
    { audience_id: '555', name: 'Seeded', advertiser_id: '100', members: { EMAIL_SHA256: [sha('a')] } },
  ],
};

describe('seeds', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reads a seed file', async () => {
    dir = await mkdtemp(join(tmpdir(), 'seed-'));
    const file = join(dir, 'seed.json');
    await writeFile(file, JSON.stringify(custom));
    expect(await parseSeedFile(file)).toEqual(custom);
  });

  it('refuses a file that is not JSON and a seed with broken references', async () => {
    dir = await mkdtemp(join(tmpdir(), 'seed-'));
    const file = join(dir, 'seed.json');
    await writeFile(file, '{nope');
    await expect(parseSeedFile(file)).rejects.toThrow(/not valid JSON/);
    expect(() => parseSeed({ ...custom, tokens: [{ access_token: 't', user_id: 'ghost' }] })).toThrow(
      /ghost/,
    );
    expect(() => parseSeed({ apps: [] })).toThrow(/invalid emulator seed/);
  });

  it('runs on a custom seed, with seeded audiences and an Admin who can write', async () => {
    const e = createEmulator({ seed: custom });
    const r = await call(e, 'POST', 'segment/audience/', {
      token: 'tok',
      body: { advertiser_id: '100', action: 'create', custom_audience_name: 'x' },
    });
    expect(r.code).toBe(0);
    expect(r.data.audience_id).not.toBe('555');
    expect(e.state.audiences.get('555')?.members.get('EMAIL_SHA256')?.size).toBe(1);
    expect((await call(e, 'GET', 'advertiser/info/', { query: { advertiser_ids: '["100"]' } })).code).toBe(
      40105,
    );
  });

  it('the default seed matches EMULATOR_DEFAULTS', () => {
    const seed = parseSeed(defaultSeed());
    expect(seed.tokens.map((t) => t.access_token)).toEqual([D.tokens.operator, D.tokens.analyst]);
    expect(seed.advertisers).toHaveLength(3);
  });

  it('describes credentials for people', () => {
    const text = describeCredentials(createEmulator(), 'http://127.0.0.1:4010');
    expect(text).toContain('http://127.0.0.1:4010/open_api/v1.3/');
    expect(text).toContain(D.app.secret);
    expect(text).toContain(`${D.tokens.analyst}  Analyst`);
    expect(text).toContain(D.eventSet.event_set_id);
  });
});
