import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSeed, EMULATOR_DEFAULTS, startEmulator, type RunningEmulator } from '../emulator/index.js';
import { silentLogger } from '../logger.js';
import type { Store } from '../store/store.js';
import { openTestStore } from '../store/store.test-support.js';
import { createTikTokClient } from '../tiktok/index.js';
import type { WorkflowEngine } from './engine.js';
import { startTestEngine, STOPPED, waitForStatus } from './engine.test-support.js';
import { StepRegistry } from './registry.js';

const ADV = EMULATOR_DEFAULTS.advertisers[0].advertiser_id;
const APP = EMULATOR_DEFAULTS.app.app_id;
const TOKENS: Record<string, string> = {
  operator: EMULATOR_DEFAULTS.tokens.operator,
  expired: 'emulator-expired-token',
};

/**
 * The workflow actions of the app's own refusals, end to end: the emulator's app not approved for the
 * Segment API (40118), its authorization without the audience scope (40130), an expired token (40102), and
 * TikTok's 40700, which is retried like any outage, not fatal.
 */
describe('workflow actions of app refusals and expiry (emulator, engine on PGlite)', () => {
  let emulator: RunningEmulator;
  let store: Store;
  let engine: WorkflowEngine;

  const setApp = async (settings: Record<string, unknown>): Promise<void> => {
    const res = await fetch(`${emulator.url}/_emulator/apps/${APP}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(settings),
    });
    expect(res.status).toBe(200);
  };

  beforeAll(async () => {
    const seed = defaultSeed();
    seed.tokens.push({
      access_token: TOKENS.expired!,
      user_id: 'operator',
      expires_at: '2020-01-01T00:00:00Z',
    });
    emulator = await startEmulator({ port: 0, rateLimitRps: 0, seed, logger: silentLogger() });
    store = await openTestStore('pglite');
    const registry = new StepRegistry().register('create_audience', async ({ settings }) => {
      const s = settings as { credential: string; audienceName: string };
      const client = createTikTokClient({
        baseUrl: emulator.url,
        accessToken: TOKENS[s.credential],
        rps: 0,
        retry: { maxAttempts: 1 },
      });
      return client.createAudience({ advertiserId: ADV, name: s.audienceName });
    });
    engine = await startTestEngine(store, registry, { retry: { attempts: 2, baseDelaySeconds: 0 } });
  });
  afterAll(async () => {
    await engine.stop({ graceful: false });
    await store.close();
    await emulator.close();
  });

  async function run(credential: string, audienceName: string) {
    const created = await engine.create({
      kind: 'test',
      steps: ['create_audience'],
      settings: { credential, audienceName },
    });
    return waitForStatus(store, created.id, STOPPED);
  }

  it('app_not_approved ("TikTok app not approved for this API") when the app is not allowlisted (40118)', async () => {
    await setApp({ unapproved_apis: ['segment/'] });
    const done = await run('operator', 'Not approved');
    await setApp({ unapproved_apis: [] });
    expect(done.status).toBe('action_required');
    expect(done.action).toMatchObject({
      type: 'app_not_approved',
      title: 'TikTok app not approved for this API',
      error: { code: 40118 },
    });
    expect(done.action?.stepsToFix.join(' ')).toMatch(/allowlist/);
  });

  it('missing_scope when the authorization lacks the audience scope (40130)', async () => {
    await setApp({ missing_scopes: ['audience_management'] });
    const done = await run('operator', 'No scope');
    await setApp({ missing_scopes: [] });
    expect(done.action).toMatchObject({
      type: 'missing_scope',
      title: 'Missing scope',
      error: { code: 40130 },
    });
    expect(done.action?.stepsToFix.join(' ')).toMatch(/reauthorize/);
  });

  it('invalid_credentials when the token expired (40102)', async () => {
    const done = await run('expired', 'Expired');
    expect(done.action).toMatchObject({ type: 'invalid_credentials', error: { code: 40102 } });
  });

  it('retries a 40700 as an outage and succeeds', async () => {
    await fetch(`${emulator.url}/_emulator/next-errors`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ codes: [40700], path: 'segment/audience/' }),
    });
    const done = await run('operator', 'After 40700');
    expect(done.status).toBe('succeeded');
    expect(done.steps[0]).toMatchObject({ attempts: 2, status: 'succeeded' });
    expect(done.history.map((h) => h.note).join(' ')).toMatch(/retrying after a transient failure/);
  });
});
