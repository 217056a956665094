import { join } from 'node:path';
import {
  EmptyAudienceRefused,
  parseAudienceSyncOptions,
  type AudienceSyncOptions,
} from '../../audiences/options.js';
import { audienceKey, syncAudience } from '../../audiences/sync.js';
import { allRowsRejected } from '../../jobs/index.js';
import { keepRejectsFile } from '../rejects-blobs.js';
import type { DestinationStep, SendContext } from '../types.js';
import type { AudienceRunOptions } from './run-options.js';
import type { CustomAudienceSettings } from './settings.js';

/** The audience engine's options of a run: the plugin's settings (advertisers, name, id types) and the run options. */
export function audienceSyncOptionsOf(
  settings: CustomAudienceSettings,
  options: AudienceRunOptions,
): AudienceSyncOptions {
  return parseAudienceSyncOptions({
    advertiserIds: [settings.advertiserId, ...(settings.additionalAdvertiserIds ?? [])],
    audienceName: settings.customAudienceName,
    idTypes: settings.userIdTypes,
    ...options,
  });
}

/**
 * `sync_audience`: makes the custom audience match the source (a campaign's control group already taken out),
 * once the audience is known to be this runnable's. Every row rejected stops the workflow with the
 * invalid-input action.
 */
async function syncAudienceStep(ctx: SendContext): Promise<object> {
  const syncOptions = audienceSyncOptionsOf(ctx.settings as CustomAudienceSettings, ctx.options);
  await ctx.claimAudience({
    advertiserId: syncOptions.advertiserIds[0] ?? '',
    audienceName: syncOptions.audienceName,
  });
  const client = await ctx.client();
  // Two runs writing one audience (two orchestrations with the same name) take turns in this worker.
  const key = `audience:${audienceKey(syncOptions.advertiserIds, syncOptions.audienceName)}`;
  const report = await ctx
    .serial(key, () =>
      syncAudience(
        {
          store: ctx.store,
          client,
          logger: ctx.logger,
          dataDir: ctx.dataDir,
          concurrency: ctx.concurrency,
          ...(ctx.concurrentRuns ? { concurrentRuns: ctx.concurrentRuns } : {}),
          rejectsDir: join(ctx.dataDir, 'rejects'),
          sourceRoots: ctx.sourceRoots,
          origin: ctx.origin,
          ...(ctx.now ? { now: ctx.now } : {}),
        },
        ctx.source,
        syncOptions,
      ),
    )
    .catch(async (err: unknown) => {
      if (err instanceof EmptyAudienceRefused) {
        // A refused run keeps its rejects file, so its rejects can be looked at.
        if (err.runId) await keepRejectsFile(ctx, join(ctx.dataDir, 'rejects', `${err.runId}.csv`));
        throw allRowsRejected(err.rowsRead, err.rejected, err.runId);
      }
      throw err;
    });
  await keepRejectsFile(ctx, report.rejectsFile);
  if (report.rowsRead > 0 && report.rowsWithIdentifier === 0)
    throw allRowsRejected(report.rowsRead, report.rejected, report.runId);
  return report;
}

/** The step of a custom audiences run. */
export const SYNC_AUDIENCE_STEP: DestinationStep = { name: 'sync_audience', run: syncAudienceStep };
