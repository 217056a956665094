import { TtadsError } from '../errors.js';
import { StepRegistry, type StepContext, type StepResult } from '../jobs/index.js';
import type { DestinationRegistry } from '../destinations/index.js';
import type { OrchestrationDeps } from './deps.js';
import { runDestinationStep } from './destination-steps.js';
import { createSerializer } from './serial.js';
import { recordControlGroup } from './control-group-record.js';
import { readRunSettings, type RunSettings } from './run-settings.js';
import { asJson, parseRunSource, STEPS } from './step-support.js';

/** The settings of a run do not resolve (a setting removed since it was saved); fixed, the workflow is resolved. */
export class RunSettingsError extends TtadsError {
  override name = 'RunSettingsError';
  constructor(message: string) {
    super(message, { code: 'run_settings_unresolved', kind: 'fix_input' });
  }
}

/**
 * The steps of a run, in order: settings resolved, a campaign's control group held out (campaigns send only
 * to destinations that take them), then the steps its destination declares.
 */
export function stepsFor(plugins: DestinationRegistry, run: Pick<RunSettings, 'kind' | 'plugin'>): string[] {
  const own = plugins.plugin(run.plugin).steps.map((s) => s.name);
  if (run.kind === 'campaign') return [STEPS.resolveSettings, STEPS.holdOutControlGroup, ...own];
  return [STEPS.resolveSettings, ...own];
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
  const { columns } = run.options as { columns?: Record<string, string> };
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
 * `hold_out_control_group` (campaigns) and the steps of every registered destination (e.g. `sync_audience`,
 * `send_events`), each run for the destination its workflow's settings name.
 */
export function buildStepRegistry(deps: OrchestrationDeps, registry = new StepRegistry()): StepRegistry {
  const serial = createSerializer();
  registry
    .register(STEPS.resolveSettings, resolveSettingsStep)
    .register(STEPS.holdOutControlGroup, (ctx) => holdOutStep(deps, ctx));
  const names = new Set(deps.plugins.plugins().flatMap((d) => d.steps.map((s) => s.name)));
  for (const name of names) registry.register(name, (ctx) => runDestinationStep(deps, ctx, name, serial));
  return registry;
}
