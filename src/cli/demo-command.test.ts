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

  it('runs end to end: OAuth, a campaign, an orchestration, and a failed workflow resolved', async () => {
    const lines: string[] = [];
    await runDemo((line) => lines.push(line));
    const text = lines.join('\n');
    expect(text).toMatch(
      /2\. Credential cred_\w+ authorized through OAuth .*7200000000000000001 \(Demo Brand US\)/,
    );
    expect(text).toMatch(
      /5\. Campaign run[\s\S]*: succeeded\n[\s\S]*hold_out_control_group\s+succeeded\s+percent 10/,
    );
    expect(text).toMatch(/6\. Orchestration run[\s\S]*send_events\s+succeeded\s+sent 288/);
    expect(text).toMatch(
      /7\.[\s\S]*: action_required\n[\s\S]*Action required: Invalid credentials \(step send_events\)/,
    );
    expect(text).toMatch(/Steps to fix:\n\s+1\. Open the Credentials page and reauthorize/);
    expect(text).toMatch(/8\. Reauthorized credential .*resolved from step send_events: succeeded/);
    // Resolve sends only the 48 new orders with an identifier; the 288 of the first run are in the journal.
    expect(text).toMatch(/send_events\s+succeeded\s+sent 48, .*alreadySent 288/);
    expect(text).toMatch(/offline events stored: 336 in event set 7300000000000000001/);
    expect(text).toMatch(/audience "Spring sale audience": EMAIL_SHA256 \d+, PHONE_SHA256 \d+/);
    expect(text).toContain('ttads serve --worker');
    // Nothing secret is printed.
    expect(text).not.toContain(EMULATOR_DEFAULTS.app.secret);
  }, 120_000);
});
