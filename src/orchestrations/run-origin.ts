import type { StepContext } from '../jobs/index.js';
import type { RunOrigin } from '../store/runs.js';

/**
 * What a step's engine run records as its origin: the workflow, the step and this execution of it, so that
 * the run names the workflow that made it (each attempt, a Resolve included, makes a run of its own).
 */
export function runOrigin(ctx: Pick<StepContext, 'workflow' | 'attempt'>, step: string): RunOrigin {
  return { workflowId: ctx.workflow.id, step, attempt: ctx.attempt };
}
