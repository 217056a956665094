import type { Command } from 'commander';
// The help texts need only these two light modules; the emulator itself (Hono and its routes) is loaded
// when the command runs, so that no other command pays for it at start-up.
import { EMULATOR_DEFAULTS } from '../emulator/defaults.js';
import type { EmulatorOptions } from '../emulator/index.js';
import { TIER_NAMES } from '../emulator/quota.js';
import { createLogger } from '../logger.js';

/** `ttads emulator`: a local TikTok Business API for tests, demos and trying the product. */
export function registerEmulatorCommand(program: Command): void {
  program
    .command('emulator')
    .description('Run a local TikTok Business API emulator (OAuth, audiences, events) with test credentials')
    .option('--port <port>', 'port to listen on', String(EMULATOR_DEFAULTS.defaultPort))
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--seed <file>', 'JSON seed file with apps, advertisers, users, tokens, event sets and pixels')
    .option(
      '--rate-limit <rps>',
      'requests per second per app before answering 40100 when no tier applies (0 = off)',
      '50',
    )
    .option(
      '--tier <tier>',
      `TikTok rate-limit tier of every app without its own: ${TIER_NAMES.join(', ')} (QPS, QPM with a 5-minute suspension, QPD)`,
    )
    .option(
      '--suspension <ms>',
      'how long a spent QPM suspends an app (default 300000, TikTok’s 5 minutes; shorter for tests)',
    )
    .option('--listing-delay <ms>', 'time before a new audience shows in the audience list', '0')
    .option('--match-rate <fraction>', 'share of members that are TikTok users (0..1)', '1')
    .option('--processing-delay <ms>', 'delay before an audience is computed', '0')
    .option(
      '--state <file>',
      'keep audiences, members, events and ids in this JSON file: loaded at start, saved after changes',
    )
    .action(async (opts: Record<string, string | undefined>) => {
      const { describeCredentials, parseSeedFile, startEmulator } = await import('../emulator/index.js');
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port ${opts.port}`);
      const seed = opts.seed ? await parseSeedFile(opts.seed) : undefined;
      const tier = opts.tier;
      if (tier !== undefined && !(TIER_NAMES as string[]).includes(tier))
        throw new Error(`invalid --tier ${tier}: one of ${TIER_NAMES.join(', ')}`);
      const suspension = opts.suspension === undefined ? undefined : Number(opts.suspension);
      if (suspension !== undefined && !(Number.isInteger(suspension) && suspension >= 0))
        throw new Error(`invalid --suspension ${opts.suspension}: a whole number of ms`);
      const running = await startEmulator({
        port,
        host: opts.host,
        seed,
        rateLimitRps: Number(opts.rateLimit),
        tier: tier as EmulatorOptions['tier'],
        ...(suspension !== undefined ? { suspensionMs: suspension } : {}),
        listingDelayMs: Number(opts.listingDelay),
        matchRate: Number(opts.matchRate),
        processingDelayMs: Number(opts.processingDelay),
        persistFile: opts.state,
        logger: createLogger({ level: process.env.TTADS_LOG_LEVEL }),
      });
      process.stdout.write(`${describeCredentials(running.emulator, running.url)}\n`);
      const stop = (): void => {
        void running.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
