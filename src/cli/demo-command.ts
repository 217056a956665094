import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { EMULATOR_DEFAULTS, startEmulator } from '../emulator/index.js';
import { createLogger } from '../logger.js';
import { createTikTokClient } from '../tiktok/index.js';
import { oauthRoundTrip } from './demo-oauth.js';

/** Writes one demo step to stdout. */
type Say = (line: string) => void;

/**
 * Runs the product end to end on the embedded defaults: a local TikTok emulator in this process, an
 * embedded store in a temporary data directory, and the real client. Nothing leaves the machine.
 */
export async function runDemo(say: Say, opts: { keep?: boolean } = {}): Promise<void> {
  const logger = createLogger({ level: process.env.TTADS_LOG_LEVEL ?? 'warn' });
  const dataDir = await mkdtemp(join(tmpdir(), 'ttads-demo-'));
  const emulator = await startEmulator({ port: 0, logger });
  try {
    say(`1. TikTok emulator listening on ${emulator.url} (a stand-in for business-api.tiktok.com)`);
    const client = createTikTokClient({ baseUrl: emulator.url, rps: 50, logger });
    const { app } = EMULATOR_DEFAULTS;
    const oauth = await oauthRoundTrip(client, { appId: app.app_id, secret: app.secret }, emulator.url);
    say(
      `2. OAuth: authorized ${oauth.advertiserIds.length} advertiser(s): ` +
        oauth.advertiserIds.map((id, i) => `${id} (${oauth.advertiserNames[i] ?? '?'})`).join(', '),
    );
    const audiences = await client
      .withToken(oauth.accessToken)
      .listCustomAudiences(oauth.advertiserIds[0] ?? '');
    say(`3. Custom audiences under ${oauth.advertiserIds[0]}: ${audiences.length}`);
    say(`Data directory of this demo: ${dataDir}`);
  } finally {
    await emulator.close();
    if (!opts.keep) await rm(dataDir, { recursive: true, force: true });
  }
}

/** `ttads demo`: the whole product on the embedded defaults against the emulator. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'Run the product end to end against a local TikTok emulator (no account, no database needed)',
    )
    .option('--keep', 'keep the demo data directory')
    .action(async (opts: { keep?: boolean }) => {
      await runDemo((line) => process.stdout.write(`${line}\n`), opts);
    });
}
