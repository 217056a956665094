// What made a run and which run a workflow action is about: runs made by a workflow's step record it in
// their params (`origin`: workflow, step and attempt); the invalid-input action names its run in its error.

import type { JsonObject, Run, WorkflowAction } from './types';

/** The workflow, step and attempt that made a run. */
export interface RunOrigin {
  workflowId: string;
  step: string;
  attempt: number;
}

/** The origin a run records, or undefined (runs from the command line, runs of older versions). */
export function runOrigin(run: Pick<Run, 'params'>): RunOrigin | undefined {
  const o = run.params.origin as Partial<RunOrigin> | null | undefined;
  if (!o || typeof o !== 'object') return undefined;
  if (typeof o.workflowId !== 'string' || typeof o.step !== 'string' || typeof o.attempt !== 'number')
    return undefined;
  return { workflowId: o.workflowId, step: o.step, attempt: o.attempt };
}

/** The run a workflow action names (the run whose every row was rejected), when it names one. */
export function actionRunId(action: Pick<WorkflowAction, 'error'>): string | undefined {
  const detail = action.error?.detail as JsonObject | null | undefined;
  const id = detail && typeof detail === 'object' ? detail.runId : undefined;
  return typeof id === 'string' && id !== '' ? id : undefined;
}
