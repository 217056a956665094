import { DestinationFailure, type AudienceRef, type DestinationStep } from '../destinations/index.js';
import { ActionRequiredError, type StepContext, type StepResult } from '../jobs/index.js';
import { AudienceOwned, claimAudience } from './audience-owners.js';
import { excludeControlGroup, sourceControlKey } from './control-group.js';
import { clock, type OrchestrationDeps } from './deps.js';
import { runFingerprint, sourceFingerprint } from './fingerprint.js';
import type { ControlGroupRecord } from './control-group-repo.js';
import { recordFingerprint } from './orchestrations-repo.js';
import { readRunSettings, type RunSettings } from './run-settings.js';
import { runOrigin } from './run-origin.js';
import type { Serializer } from './serial.js';
import { asJson, credentialClientFor, noteRefusedToken, parseRunSource, STEPS } from './step-support.js';

/**
 * Makes the run's runnable the owner of its audience when nobody owns it (its first sync), before anything is
 * sent. An audience another orchestration or campaign owns stops the workflow with the audience-owned action:
 * a campaign naming the admins' audience must not replace its members.
 */
async function claimRunAudience(
  deps: OrchestrationDeps,
  runnable: { kind: RunSettings['kind']; id: string },
  audience: AudienceRef,
): Promise<void> {
  try {
    await claimAudience(deps.store, audience, runnable);
  } catch (err) {
    if (!(err instanceof AudienceOwned)) throw err;
    throw new ActionRequiredError('audience_owned', err.message, {
      ...audience,
      ownerKind: err.owner.kind,
      ownerId: err.owner.id,
    });
  }
}

/** The control group a campaign's hold-out step recorded, so that the people recorded are exactly those not sent. */
function heldOutGroup(ctx: StepContext, run: RunSettings): RunSettings['controlGroup'] {
  const held = ctx.outputs[STEPS.holdOutControlGroup] as unknown as
    Partial<ControlGroupRecord> | null | undefined;
  return held && typeof held.percent === 'number' && typeof held.seed === 'string'
    ? { percent: held.percent, seed: held.seed, keyColumn: held.keyColumn ?? null }
    : run.controlGroup;
}

/**
 * A destination's step as a workflow step: does what every destination shares, then calls the step of the
 * run's destination (looked up in the registry by the name the workflow gives). Shared: the source's
 * fingerprint for an orchestration that skips unchanged runs (taken before reading it, so a change made during
 * the run is never mistaken for the data sent; recorded once the step succeeded), a campaign's control group
 * taken out of the source, the credential's token as stored now, a refused token noted on the credential, and
 * the destination's own failure rules turning its errors into workflow actions.
 */
export async function runDestinationStep(
  deps: OrchestrationDeps,
  ctx: StepContext,
  name: string,
  serial: Serializer,
): Promise<StepResult> {
  const run = readRunSettings(ctx.settings);
  const destination = deps.plugins.plugin(run.plugin);
  const step: DestinationStep | undefined = destination.steps.find((s) => s.name === name);
  if (!step) throw new Error(`${destination.id} has no step ${name}`);
  const id = run.kind === 'orchestration' ? run.orchestrationId : run.campaignId;
  if (!id) throw new Error(`the settings of this ${run.kind} run do not name it`);
  let source = parseRunSource(deps, run.source);
  const fingerprint =
    run.kind === 'orchestration' && run.skipUnchanged
      ? runFingerprint(run, await sourceFingerprint(source, deps.sourceRoots))
      : undefined;
  const group = run.kind === 'campaign' ? heldOutGroup(ctx, run) : undefined;
  if (group && group.percent > 0) {
    const { columns } = run.options as { columns?: Record<string, string> };
    source = excludeControlGroup(
      source,
      await sourceControlKey(source, group, columns, deps.sourceRoots),
      group,
    );
  }
  const runnable = { kind: run.kind, id };
  const report = await step
    .run({
      step: ctx,
      runnable,
      settings: run.settings,
      options: run.options,
      source,
      client: () => credentialClientFor(deps, run.credentialId),
      store: deps.store,
      logger: ctx.logger,
      dataDir: deps.dataDir,
      concurrency: deps.concurrency ?? 4,
      concurrentRuns: deps.concurrentRuns,
      sourceRoots: deps.sourceRoots,
      now: deps.now,
      origin: runOrigin(ctx, name),
      serial,
      claimAudience: (audience) => claimRunAudience(deps, runnable, audience),
    })
    .catch(async (err: unknown) => {
      await noteRefusedToken(deps, run.credentialId, err);
      const failure = destination.failureAction?.(err);
      throw failure ? new DestinationFailure(failure, err) : err;
    });
  if (fingerprint && run.orchestrationId) {
    await recordFingerprint(deps.store, run.orchestrationId, fingerprint, new Date(clock(deps)()));
  }
  return asJson({ ...report, ...(fingerprint ? { fingerprint } : {}) });
}
