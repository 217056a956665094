import { TtadsError } from '../errors.js';
import { StepRegistry, type StepContext, type StepResult } from '../jobs/index.js';
import { syncAudienceStep } from './audience-step.js';
import type { OrchestrationDeps } from './deps.js';
import { sendEventsStep } from './events-step.js';
import { createSerializer } from './serial.js';
import { recordControlGroup } from './control-group-record.js';
import type { AudienceRunOptions } from './run-options.js';
import { readRunSettings, type RunSettings } from './run-settings.js';
import { asJson, parseRunSource, STEPS } from './step-support.js';

/** The settings of a run do not resolve (a setting removed since it was saved); fixed, the workflow is resolved. */
export class RunSettingsError extends TtadsError {
  override name = 'RunSettingsError';
  constructor(message: string) {
    super(message, { code: 'run_settings_unresolved', kind: 'fix_input' });
  }
}

/** The steps of a run, in order. */
export function stepsFor(run: Pick<RunSettings, 'kind' | 'plugin'>): string[] {
  if (run.plugin === 'tiktok_offline_events') return [STEPS.resolveSettings, STEPS.sendEvents];
  if (run.kind === 'campaign') return [STEPS.resolveSettings, STEPS.holdOutControlGroup, STEPS.syncAudience];
  return [STEPS.resolveSettings, STEPS.syncAudience];
}

/**
 * `resolve_settings`: checks the run's settings snapshot (re-resolved from the configuration by Resolve) and
 * records what was resolved and where each setting came from. Ids and settings only: no secret.
 */
export function resolveSettingsStep(ctx: StepContext): StepResult {
  const run = readRunSettings(ctx.settings);
  if (run.problems.length > 0) {
    throw new RunSettingsError(
      `The settings of this ${run.kind} do not resolve: ${run.problems.join('; ')}. Fix the ${run.kind}, its ` +
        'data template or destination, then resolve the workflow.',
    );
  }
  return asJson({
    plugin: run.plugin,
    destinationId: run.destinationId,
    templateId: run.templateId,
    credentialId: run.credentialId,
    settings: run.settings,
    sources: run.sources,
    options: run.options,
  });
}

async function holdOutStep(deps: OrchestrationDeps, ctx: StepContext): Promise<StepResult> {
  const run = readRunSettings(ctx.settings);
  const group = run.controlGroup;
  if (!run.campaignId || !group || group.percent <= 0) {
    return asJson({ percent: 0, seed: group?.seed ?? null, keyColumn: null, heldOutRows: 0, path: null });
  }
  const { columns } = run.options as AudienceRunOptions;
  const record = await recordControlGroup(deps.store, {
    dataDir: deps.dataDir,
    workflowId: ctx.workflow.id,
    campaignId: run.campaignId,
    source: parseRunSource(deps, run.source),
    sourceRoots: deps.sourceRoots,
    group,
    ...(columns ? { columns } : {}),
  });
  ctx.logger.info(
    { audienceRows: record.audienceRows, heldOutRows: record.heldOutRows, percent: record.percent },
    'control group held out',
  );
  return asJson(record);
}

/**
 * The workflow steps of orchestrations and campaigns, closed over their dependencies: `resolve_settings`,
 * `hold_out_control_group` (campaigns), `sync_audience` and `send_events`.
 */
export function buildStepRegistry(deps: OrchestrationDeps, registry = new StepRegistry()): StepRegistry {
  const serial = createSerializer();
  return registry
    .register(STEPS.resolveSettings, resolveSettingsStep)
    .register(STEPS.holdOutControlGroup, (ctx) => holdOutStep(deps, ctx))
    .register(STEPS.syncAudience, (ctx) => syncAudienceStep(deps, ctx, serial))
    .register(STEPS.sendEvents, (ctx) => sendEventsStep(deps, ctx, serial));
}
