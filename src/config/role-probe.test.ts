import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMULATOR_DEFAULTS, startEmulator, type RunningEmulator } from '../emulator/index.js';
import { silentLogger } from '../logger.js';
import { createTikTokClient } from '../tiktok/index.js';
import { fail, ok, scriptedFetch, type FakeAnswer } from '../tiktok/scripted-fetch.test-support.js';
import { probeWriteAccess } from './role-probe.js';

function probe(answer: FakeAnswer) {
  const fake = scriptedFetch([answer]);
  const client = createTikTokClient({
    baseUrl: 'https://tiktok.test',
    accessToken: 'tok-0123456789',
    rps: 0,
    fetch: fake.fetch,
    retry: { maxAttempts: 1 },
  });
  return probeWriteAccess(client, '7200000000000000001');
}

describe('probeWriteAccess', () => {
  it('tells the Analyst role from an app that is not allowlisted, or lacks a scope', async () => {
    expect(await probe(ok({}))).toBe('write');
    expect(await probe(fail(40002, 'batch_data[0][0] has no id'))).toBe('write');
    expect(await probe(fail(40001, 'The Analyst role cannot make changes on advertiser 1'))).toBe(
      'read_only',
    );
    expect(await probe(fail(40118, 'App is not in the allowlist of this API'))).toBe('app_not_allowlisted');
    expect(await probe(fail(40125, 'This API needs approval'))).toBe('app_not_allowlisted');
    expect(await probe(fail(40001, 'The app has no permission to access this API'))).toBe(
      'app_not_allowlisted',
    );
    expect(await probe(fail(40130, 'Scope not authorized'))).toBe('missing_scope');
    // A bare 40001 names neither: not taken for the Analyst role.
    expect(await probe(fail(40001, 'No permission to operate on advertiser 1'))).toBe('no_permission');
  });
});

describe('probeWriteAccess against the emulator', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, rateLimitRps: 0, logger: silentLogger() });
  });
  afterAll(async () => {
    await emulator.close();
  });
  const setApp = (settings: Record<string, unknown>) =>
    fetch(`${emulator.url}/_emulator/apps/${EMULATOR_DEFAULTS.app.app_id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(settings),
    });
  const probeAs = (token: string) =>
    probeWriteAccess(
      createTikTokClient({ baseUrl: emulator.url, accessToken: token, rps: 0, retry: { maxAttempts: 1 } }),
      EMULATOR_DEFAULTS.advertisers[0].advertiser_id,
    );

  it('tells the Analyst role from an app that is not allowlisted or lacks the audience scope', async () => {
    expect(await probeAs(EMULATOR_DEFAULTS.tokens.operator)).toBe('write');
    expect(await probeAs(EMULATOR_DEFAULTS.tokens.analyst)).toBe('read_only');
    await setApp({ unapproved_apis: ['segment/'] });
    // The Operator's write refused for the app, not the role; the Analyst's too: the app is refused first.
    expect(await probeAs(EMULATOR_DEFAULTS.tokens.operator)).toBe('app_not_allowlisted');
    expect(await probeAs(EMULATOR_DEFAULTS.tokens.analyst)).toBe('app_not_allowlisted');
    await setApp({ unapproved_apis: [], missing_scopes: ['audience_management'] });
    expect(await probeAs(EMULATOR_DEFAULTS.tokens.operator)).toBe('missing_scope');
    await setApp({ missing_scopes: [] });
    expect(await probeAs(EMULATOR_DEFAULTS.tokens.operator)).toBe('write');
  });
});
