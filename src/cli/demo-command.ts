import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { EMULATOR_DEFAULTS, startEmulator } from '../emulator/index.js';
import { createLogger } from '../logger.js';
import { createTikTokClient } from '../tiktok/index.js';
import { parseAudienceSyncOptions } from '../audiences/options.js';
import { formatReport } from '../audiences/report.js';
import { syncAudience } from '../audiences/sync.js';
import { parseSourceArg } from '../sources/index.js';
import { openStore } from '../store/open.js';
import { writeDemoCustomers } from './demo-data.js';
import { oauthRoundTrip } from './demo-oauth.js';

const indent = (text: string): string =>
  text
    .split('\n')
    .map((l) => `   ${l}`)
    .join('\n');

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
    const advertiserId = oauth.advertiserIds[0] ?? '';
    const store = await openStore({ dataDir: join(dataDir, 'db'), logger });
    try {
      const deps = { store, client: client.withToken(oauth.accessToken), logger, dataDir, concurrency: 4 };
      const customers = join(dataDir, 'customers.csv');
      await writeDemoCustomers(customers, { count: 2_500 });
      const options = parseAudienceSyncOptions({
        advertiserIds: [advertiserId],
        audienceName: 'Demo repeat buyers',
      });
      const first = await syncAudience(deps, parseSourceArg(customers), options);
      say(`3. Audience sync of ${customers}:`);
      say(indent(formatReport(first)));
      // A day later: 100 customers left the query and 100 joined; only the difference is sent.
      await writeDemoCustomers(customers, { count: 2_500, offset: 100 });
      const second = await syncAudience(deps, parseSourceArg(customers), options);
      say('4. Re-sync after 100 customers left and 100 joined (only the difference is sent):');
      say(indent(formatReport(second)));
      const view = (await (await fetch(`${emulator.url}/_emulator/audiences?summary=1`)).json()) as {
        audiences: { name: string; member_counts: Record<string, number>; cover_num: number }[];
      };
      for (const a of view.audiences) {
        const counts = Object.entries(a.member_counts)
          .filter(([, n]) => n > 0)
          .map(([t, n]) => `${t} ${n}`)
          .join(', ');
        say(`5. TikTok (emulator) now holds "${a.name}": ${counts}; matched ${a.cover_num}`);
      }
    } finally {
      await store.close();
    }
    say(`Data directory of this demo: ${dataDir}${opts.keep ? '' : ' (removed)'}`);
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
