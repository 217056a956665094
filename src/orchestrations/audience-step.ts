import { join } from 'node:path';
import { parseAudienceSyncOptions, type AudienceSyncOptions } from '../audiences/options.js';
import { EmptyAudienceRefused } from '../audiences/options.js';
import { audienceKey, syncAudience } from '../audiences/sync.js';
import type { CustomAudienceSettings } from '../config/index.js';
import { ActionRequiredError, allRowsRejected, type StepContext, type StepResult } from '../jobs/index.js';
import { AudienceOwned, claimAudience } from './audience-owners.js';
import { excludeControlGroup, sourceControlKey } from './control-group.js';
import { clock, type OrchestrationDeps } from './deps.js';
import type { Serializer } from './serial.js';
import { runFingerprint, sourceFingerprint } from './fingerprint.js';
import type { ControlGroupRecord } from './control-group-repo.js';
import { recordFingerprint } from './orchestrations-repo.js';
import type { AudienceRunOptions } from './run-options.js';
import { readRunSettings } from './run-settings.js';
import { runOrigin } from './run-origin.js';
import { asJson, credentialClientFor, noteRefusedToken, parseRunSource, STEPS } from './step-support.js';

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
 * Makes the run's runnable the owner of its audience when nobody owns it (its first sync), before anything is
 * sent. An audience another orchestration or campaign owns stops the workflow with the audience-owned action:
 * a campaign naming the admins' audience must not replace its members.
 */
async function claimRunAudience(
  deps: OrchestrationDeps,
  run: ReturnType<typeof readRunSettings>,
  options: AudienceSyncOptions,
): Promise<void> {
  const id = run.kind === 'orchestration' ? run.orchestrationId : run.campaignId;
  if (!id) throw new Error(`the settings of this ${run.kind} run do not name it`);
  const audience = { advertiserId: options.advertiserIds[0] ?? '', audienceName: options.audienceName };
  try {
    await claimAudience(deps.store, audience, { kind: run.kind, id });
  } catch (err) {
    if (!(err instanceof AudienceOwned)) throw err;
    throw new ActionRequiredError('audience_owned', err.message, {
      ...audience,
      ownerKind: err.owner.kind,
      ownerId: err.owner.id,
    });
  }
}

/**
 * `sync_audience`: makes the custom audience match the source (minus a campaign's control group), with the
 * credential's token as stored now, once the audience is known to be this runnable's. Every row rejected stops
 * the workflow with the invalid-input action. For an orchestration that skips unchanged runs, the fingerprint of
 * the source (taken before reading it, so a change made during the run is never mistaken for the data sent) is
 * recorded once the sync succeeded.
 */
export async function syncAudienceStep(
  deps: OrchestrationDeps,
  ctx: StepContext,
  serial: Serializer,
): Promise<StepResult> {
  const run = readRunSettings(ctx.settings);
  const settings = run.settings as CustomAudienceSettings;
  const options = run.options as AudienceRunOptions;
  let source = parseRunSource(deps, run.source);
  const fingerprint =
    run.kind === 'orchestration' && run.skipUnchanged
      ? runFingerprint(run, await sourceFingerprint(source, deps.sourceRoots))
      : undefined;
  if (run.kind === 'campaign') {
    // The draw recorded by the hold-out step, so that the people recorded are exactly those not sent.
    const held = ctx.outputs[STEPS.holdOutControlGroup] as unknown as
      Partial<ControlGroupRecord> | null | undefined;
    const group =
      held && typeof held.percent === 'number' && typeof held.seed === 'string'
        ? { percent: held.percent, seed: held.seed, keyColumn: held.keyColumn ?? null }
        : run.controlGroup;
    if (group && group.percent > 0) {
      source = excludeControlGroup(
        source,
        await sourceControlKey(source, group, options.columns, deps.sourceRoots),
        group,
      );
    }
  }
  const syncOptions = audienceSyncOptionsOf(settings, options);
  await claimRunAudience(deps, run, syncOptions);
  const client = await credentialClientFor(deps, run.credentialId);
  // Two runs writing one audience (two orchestrations with the same name) take turns in this worker.
  const key = `audience:${audienceKey(syncOptions.advertiserIds, syncOptions.audienceName)}`;
  const report = await serial(key, () =>
    syncAudience(
      {
        store: deps.store,
        client,
        logger: ctx.logger,
        dataDir: deps.dataDir,
        concurrency: deps.concurrency ?? 4,
        rejectsDir: join(deps.dataDir, 'rejects'),
        sourceRoots: deps.sourceRoots,
        origin: runOrigin(ctx, STEPS.syncAudience),
        ...(deps.now ? { now: deps.now } : {}),
      },
      source,
      syncOptions,
    ),
  ).catch(async (err: unknown) => {
    if (err instanceof EmptyAudienceRefused) throw allRowsRejected(err.rowsRead, err.rejected, err.runId);
    await noteRefusedToken(deps, run.credentialId, err);
    throw err;
  });
  if (report.rowsRead > 0 && report.rowsWithIdentifier === 0)
    throw allRowsRejected(report.rowsRead, report.rejected, report.runId);
  if (fingerprint && run.orchestrationId) {
    await recordFingerprint(deps.store, run.orchestrationId, fingerprint, new Date(clock(deps)()));
  }
  return asJson({ ...report, ...(fingerprint ? { fingerprint } : {}) });
}
