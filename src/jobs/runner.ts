import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import {
  claimWorkflow,
  endRun,
  finishStep,
  LeaseLostError,
  renewLease,
  startStep,
  type Claim,
} from './claim-repo.js';
import { classifyStepError, errorJson } from './failure.js';
import type { StepRegistry } from './registry.js';
import type { Json, WorkflowRecord, WorkflowStatus } from './types.js';
import { listSteps } from './workflow-repo.js';

/** Retry budget of transient failures, per step. */
export interface RetryBudget {
  /** Executions of a step that may fail transiently before the workflow stops (default 3). */
  attempts: number;
  /** Wait before the first retry; doubles with each further one (default 30). */
  baseDelaySeconds: number;
  /** Longest wait (default 600). */
  maxDelaySeconds: number;
}

export const DEFAULT_RETRY_BUDGET: RetryBudget = { attempts: 3, baseDelaySeconds: 30, maxDelaySeconds: 600 };

/** What {@link runWorkflow} needs. */
export interface RunnerDeps {
  store: Store;
  registry: StepRegistry;
  logger: Logger;
  /** Name of this worker, recorded with the claim. */
  worker: string;
  /** How long a claim lasts without renewal; renewed every third of it while steps run. */
  leaseSeconds: number;
  retry: RetryBudget;
  /** Called after a workflow stopped (failed or action_required); must not throw. */
  onStopped?: (workflow: WorkflowRecord) => Promise<void>;
}

/** How one run ended. `retry` and `interrupted` handed the workflow back as queued. */
export type RunOutcome =
  | { result: 'not_claimed'; status: WorkflowStatus | undefined }
  | { result: 'ended'; workflow: WorkflowRecord }
  | { result: 'retry'; delaySeconds: number; workflow: WorkflowRecord }
  | { result: 'interrupted' }
  | { result: 'lease_lost' };

/** Wait before retry number `failures` (1 after the first transient failure). */
export function retryDelaySeconds(failures: number, budget: RetryBudget): number {
  return Math.min(budget.maxDelaySeconds, budget.baseDelaySeconds * 2 ** Math.max(0, failures - 1));
}

/**
 * Claims the workflow and runs its steps in order from the first that has not succeeded, recording
 * each. Ends as succeeded, action_required, failed, or queued again for a retry. Returns without doing
 * anything when another worker holds it or it is not queued. `stopping` aborts when the worker stops.
 */
export async function runWorkflow(
  deps: RunnerDeps,
  workflowId: string,
  stopping?: AbortSignal,
): Promise<RunOutcome> {
  const claimed = await claimWorkflow(deps.store, workflowId, {
    worker: deps.worker,
    leaseSeconds: deps.leaseSeconds,
  });
  if (!claimed.claimed) return { result: 'not_claimed', status: claimed.status };
  const { claim, workflow } = claimed;
  const log = deps.logger.child({ workflowId, kind: workflow.kind, worker: deps.worker });
  const lost = new AbortController();
  const signal = stopping ? AbortSignal.any([lost.signal, stopping]) : lost.signal;
  const renewer = setInterval(
    () => {
      renewLease(deps.store, claim, deps.leaseSeconds).then(
        (ok) => {
          if (!ok) lost.abort(new LeaseLostError(workflowId));
        },
        (err: unknown) => log.warn({ err: errorJson(err) }, 'could not renew the workflow lease'),
      );
    },
    Math.max(200, (deps.leaseSeconds * 1000) / 3),
  );
  try {
    return await runSteps(deps, claim, workflow, { signal, stopping, log });
  } catch (err) {
    if (err instanceof LeaseLostError) {
      log.warn('lost the claim on the workflow; another worker continues it');
      return { result: 'lease_lost' };
    }
    // The store failed under us (not a step): hand the workflow back so that the job's retry, or the
    // recovery sweep, runs it again instead of waiting for the lease to run out.
    log.error({ err: errorJson(err) }, 'workflow run failed outside its steps');
    await endRun(deps.store, claim, {
      status: 'queued',
      note: 'worker error',
      detail: { error: errorJson(err) },
    }).catch(() => undefined);
    throw err;
  } finally {
    clearInterval(renewer);
  }
}

interface RunState {
  signal: AbortSignal;
  stopping: AbortSignal | undefined;
  log: Logger;
}

async function runSteps(
  deps: RunnerDeps,
  claim: Claim,
  workflow: WorkflowRecord,
  run: RunState,
): Promise<RunOutcome> {
  const steps = await listSteps(deps.store, workflow.id);
  const outputs: Record<string, Json> = {};
  for (const step of steps) {
    if (step.status === 'succeeded') {
      outputs[step.name] = step.output;
      continue;
    }
    const handler = deps.registry.get(step.name);
    await startStep(deps.store, claim, step.name);
    run.log.info({ step: step.name, attempt: step.attempts + 1 }, 'workflow step started');
    try {
      if (!handler) throw new Error(`no handler is registered for step ${step.name}`);
      const output = await handler({
        workflow,
        settings: workflow.settings,
        outputs: { ...outputs },
        attempt: step.attempts + 1,
        signal: run.signal,
        logger: run.log.child({ step: step.name }),
      });
      outputs[step.name] = output ?? null;
      await finishStep(deps.store, claim, step.name, { status: 'succeeded', output: output ?? null });
      run.log.info({ step: step.name }, 'workflow step succeeded');
    } catch (err) {
      if (err instanceof LeaseLostError) throw err;
      return stepFailed(deps, claim, { step: step.name, failures: step.failures + 1 }, err, run);
    }
  }
  const done = await endRun(deps.store, claim, { status: 'succeeded', note: 'all steps succeeded' });
  run.log.info('workflow succeeded');
  return { result: 'ended', workflow: done };
}

async function stepFailed(
  deps: RunnerDeps,
  claim: Claim,
  at: { step: string; failures: number },
  err: unknown,
  run: RunState,
): Promise<RunOutcome> {
  if (run.stopping?.aborted) {
    // The step stopped because this worker is shutting down: not the step's fault, hand it back.
    await finishStep(deps.store, claim, at.step, {
      status: 'failed',
      error: errorJson(err),
      transient: false,
    });
    await endRun(deps.store, claim, { status: 'queued', note: 'interrupted: the worker is stopping' });
    return { result: 'interrupted' };
  }
  const failure = classifyStepError(err, {
    step: at.step,
    failures: at.failures,
    retryBudget: deps.retry.attempts,
  });
  await finishStep(deps.store, claim, at.step, {
    status: 'failed',
    error: failure.error,
    transient:
      failure.kind === 'retry' || (failure.kind === 'action' && failure.action.type === 'tiktok_unavailable'),
  });
  if (failure.kind === 'retry') {
    const delaySeconds = retryDelaySeconds(at.failures, deps.retry);
    const workflow = await endRun(deps.store, claim, {
      status: 'queued',
      note: `retrying after a transient failure (${at.failures} of ${deps.retry.attempts})`,
      detail: { delaySeconds, error: failure.error },
    });
    run.log.warn(
      { step: at.step, failures: at.failures, delaySeconds, error: failure.error },
      'workflow step will be retried',
    );
    return { result: 'retry', delaySeconds, workflow };
  }
  const workflow =
    failure.kind === 'action'
      ? await endRun(deps.store, claim, {
          status: 'action_required',
          action: failure.action,
          note: failure.action.title,
          detail: { actionType: failure.action.type },
        })
      : await endRun(deps.store, claim, { status: 'failed', error: failure.error, note: 'step failed' });
  run.log.warn({ step: at.step, status: workflow.status, error: failure.error }, 'workflow stopped');
  await deps.onStopped?.(workflow);
  return { result: 'ended', workflow };
}
