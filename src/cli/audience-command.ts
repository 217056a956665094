import { resolve } from 'node:path';
import type { Command } from 'commander';
import { matchHistory, readMatch } from '../audiences/matches.js';
import { parseAudienceSyncOptions } from '../audiences/options.js';
import { MAX_REJECT_LINES } from '../audiences/rejects-sql.js';
import { formatReport } from '../audiences/report.js';
import { loadAudienceState } from '../audiences/state.js';
import { audienceKey, syncAudience } from '../audiences/sync.js';
import { parseIdTypes } from '../identity/index.js';
import { parseSourceArg } from '../sources/index.js';
import { listRuns } from '../store/runs.js';
import { refuseOwnedAudience, registerAudienceOwnerCommands } from './audience-owners-command.js';
import { createProgress, reportFailure } from './output.js';
import { addRuntimeOptions, openRuntime, settingsFromOptions, sourceDatabaseUrlFromEnv } from './runtime.js';

const list = (value: string): string[] =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/** `--map email=Email Address` pairs into a field -> column record (audience sync, segments). */
export function columnMap(pairs: string[] | undefined): Record<string, string> {
  const map: Record<string, string> = {};
  for (const pair of pairs ?? []) {
    const at = pair.indexOf('=');
    if (at < 1) throw new Error(`--map takes field=column, got "${pair}"`);
    map[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return map;
}

/** `ttads audience sync|status|owners|transfer`. */
export function registerAudienceCommand(program: Command): void {
  const audience = program.command('audience').description('Keep TikTok custom audiences equal to a query');

  addRuntimeOptions(
    audience
      .command('sync')
      .description(
        'Send the customers of a file or SQL query to a TikTok custom audience (only what changed)',
      )
      .requiredOption('--source <file or SQL>', 'CSV/Parquet/JSON file, SQL over files, or pg:<query>')
      .requiredOption('--advertiser-id <ids>', 'advertiser id(s), comma-separated, of one business')
      .requiredOption('--audience-name <name>', 'custom audience name (created if missing)')
      .option('--id-types <types>', 'EMAIL,PHONE,IDFA,AAID', 'EMAIL,PHONE')
      .option('--default-region <cc>', 'country of phone numbers without a country code', 'US')
      .option('--mode <mode>', 'mirror (add and remove) or add-only', 'mirror')
      .option('--batch-size <n>', 'rows per mapping request', '10000')
      .option('--map <field=column...>', 'source column of an identifier field, e.g. email="E-mail"')
      .option('--source-database-url <url>', 'PostgreSQL of a pg: source (env SOURCE_DATABASE_URL)')
      .option('--dry-run', 'print the plan (adds, removes, rejects) and send nothing')
      .option('--allow-empty', 'let a mirror sync empty the audience when no row has a valid identifier')
      .option(
        '--take-over',
        'sync an audience that an orchestration or campaign owns anyway (refused without it; it stays theirs)',
      )
      .option(
        '--rejects <file>',
        `write rejected values (row, id type, reason, value as in the source: personal data) to this CSV, the first ${MAX_REJECT_LINES.toLocaleString('en-US')}`,
      )
      .option('--json', 'print the report as JSON on stdout'),
  ).action(async (opts: Record<string, unknown>) => {
    try {
      const options = parseAudienceSyncOptions({
        advertiserIds: list(String(opts.advertiserId)),
        audienceName: String(opts.audienceName),
        idTypes: parseIdTypes(String(opts.idTypes)),
        defaultRegion: String(opts.defaultRegion),
        mode: opts.mode as 'mirror',
        batchSize: Number(opts.batchSize),
        dryRun: opts.dryRun === true,
        allowEmpty: opts.allowEmpty === true,
        columns: columnMap(opts.map as string[] | undefined),
      });
      const settings = settingsFromOptions(opts);
      const source = parseSourceArg(String(opts.source), {
        databaseUrl: (opts.sourceDatabaseUrl as string | undefined) ?? sourceDatabaseUrlFromEnv(),
        statementTimeoutMs: settings.sourceStatementTimeoutMs,
      });
      const runtime = await openRuntime(settings);
      const progress = createProgress(process.stderr.isTTY && opts.json !== true);
      let progressStarted = false;
      try {
        const audience = { advertiserId: options.advertiserIds[0] ?? '', audienceName: options.audienceName };
        const owner = await refuseOwnedAudience(runtime.store, audience, {
          takeOver: opts.takeOver === true,
          dryRun: options.dryRun,
          mode: options.mode,
        });
        if (owner) {
          runtime.logger.warn(
            { ...audience, owner: owner.owner },
            'syncing an audience that an orchestration or campaign owns (--take-over)',
          );
        }
        const report = await syncAudience(
          {
            store: runtime.store,
            client: runtime.client,
            logger: runtime.logger,
            dataDir: settings.dataDir,
            concurrency: settings.concurrency,
            concurrentRuns: settings.concurrentRuns,
            duckMemoryLimit: settings.duckdbMemoryLimit,
            sourceRoots: settings.sourceRoots,
            ...(typeof opts.rejects === 'string' ? { rejectsPath: resolve(opts.rejects) } : {}),
            // Called as parts of the plan are recorded (the total grows) and as batches are acknowledged.
            onProgress: (done, total) => {
              if (!progressStarted) progress.start(total, 'Sending batches');
              else progress.update(done, undefined, total);
              progressStarted = true;
            },
          },
          source,
          options,
        );
        progress.stop();
        process.stdout.write(opts.json ? `${JSON.stringify(report)}\n` : `${formatReport(report)}\n`);
      } finally {
        progress.stop();
        await runtime.close();
      }
    } catch (err) {
      reportFailure(err);
    }
  });

  addRuntimeOptions(
    audience
      .command('status')
      .description('Show an audience: its size in TikTok now and the match history of its runs')
      .requiredOption('--advertiser-id <ids>', 'advertiser id(s) the audience was synced with')
      .requiredOption('--audience-name <name>', 'custom audience name')
      .option('--json', 'print as JSON'),
  ).action(async (opts: Record<string, unknown>) => {
    try {
      const advertiserIds = list(String(opts.advertiserId));
      const name = String(opts.audienceName);
      const settings = settingsFromOptions(opts);
      const runtime = await openRuntime(settings);
      try {
        const state = await loadAudienceState(runtime.store, audienceKey(advertiserIds, name));
        if (!state?.audienceId)
          throw new Error(`No sync of audience "${name}" on ${advertiserIds.join(',')} is recorded here.`);
        const [latest] = await listRuns(runtime.store, {
          kind: 'audience',
          params: { audienceName: name, advertiserIds },
          limit: 1,
        });
        if (latest) {
          await readMatch(
            { client: runtime.client, store: runtime.store, logger: runtime.logger },
            { runId: latest.id, owner: advertiserIds[0] ?? '', audienceId: state.audienceId },
          );
        }
        const history = await matchHistory(runtime.store, state.audienceId);
        if (opts.json) {
          process.stdout.write(
            `${JSON.stringify({ audienceId: state.audienceId, name, advertiserIds, history })}\n`,
          );
          return;
        }
        process.stdout.write(`Audience "${name}" (${state.audienceId}) on ${advertiserIds.join(', ')}\n`);
        for (const point of history) {
          const people = Number(point.report?.rowsWithIdentifier ?? 0);
          const rate =
            point.coverNum !== null && people > 0
              ? ` (${((100 * point.coverNum) / people).toFixed(1)}% of ${people} sent)`
              : '';
          process.stdout.write(
            `  ${point.checkedAt.toISOString()}  run ${point.runId.slice(0, 8)} ${point.runStatus}: ` +
              `matched ${point.coverNum ?? 'not computed yet'}${rate}${point.isValid === false ? ', not usable yet' : ''}\n`,
          );
        }
      } finally {
        await runtime.close();
      }
    } catch (err) {
      reportFailure(err);
    }
  });
  registerAudienceOwnerCommands(audience);
}
