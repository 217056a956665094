import { afterEach, describe, expect, it } from 'vitest';
import { EMULATOR_DEFAULTS, startEmulator, type RunningEmulator } from '../emulator/index.js';
import { createTikTokClient, InvalidCredentials } from '../tiktok/index.js';
import { runDemo } from './demo-command.js';
import { oauthRoundTrip } from './demo-oauth.js';

describe('demo', () => {
  let emulator: RunningEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
  });

  it('authorizes through the consent page and gets a working token', async () => {
    emulator = await startEmulator({ port: 0 });
    const client = createTikTokClient({ baseUrl: emulator.url, rps: 0 });
    const { app } = EMULATOR_DEFAULTS;
    const outcome = await oauthRoundTrip(client, { appId: app.app_id, secret: app.secret }, emulator.url);
    expect(outcome.advertiserIds).toEqual(EMULATOR_DEFAULTS.advertisers.map((a) => a.advertiser_id));
    expect(outcome.advertiserNames).toContain('Demo Brand US');
    // The new token works, and the same code cannot be exchanged again (single use).
    await expect(
      client.withToken(outcome.accessToken).listCustomAudiences(outcome.advertiserIds[0] ?? ''),
    ).resolves.toEqual([]);
  });

  it('refuses a wrong app secret with a credentials error', async () => {
    emulator = await startEmulator({ port: 0 });
    const client = createTikTokClient({ baseUrl: emulator.url, rps: 0, retry: { maxAttempts: 1 } });
    await expect(
      oauthRoundTrip(client, { appId: EMULATOR_DEFAULTS.app.app_id, secret: 'wrong' }, emulator.url),
    ).rejects.toBeInstanceOf(InvalidCredentials);
  });

  it('runs end to end and says what it did', async () => {
    const lines: string[] = [];
    await runDemo((line) => lines.push(line));
    expect(lines.join('\n')).toMatch(/OAuth: authorized 2 advertiser/);
  });
});
