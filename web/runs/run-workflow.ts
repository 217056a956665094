// Finds the workflow that made a run. A run made by a workflow's step names it in its params (`origin`);
// older runs do not, and for them we guess: a workflow's audience or events step result holds the report
// with its run id, so we look at the few workflows under way when the run started.

import { useEffect, useState } from 'react';
import { api } from '../api';
import type { Answer } from '../api/types';
import type { PluginsAnswer } from '../forms/api-types';
import { runOrigin } from './origin';
import { stepRunIds, workflowCandidates } from './run-stats';
import type { Run, Workflow, WorkflowDetails } from './types';

/**
 * The workflow of a run: `exact` when the run names it (or a step result names the run), else the only
 * likely one. `kind` is missing when the workflow could not be read (e.g. removed since); `step` and
 * `attempt` come with a run that names its workflow.
 */
export interface RunWorkflow {
  id: string;
  kind?: string;
  exact: boolean;
  step?: string;
  attempt?: number;
}

/** The workflow a run names in its params, with its kind when it can be read. */
async function namedWorkflow(run: Run): Promise<RunWorkflow | undefined> {
  const origin = runOrigin(run);
  if (!origin) return undefined;
  const named = { id: origin.workflowId, exact: true, step: origin.step, attempt: origin.attempt };
  try {
    const w = await api<Workflow>('GET', `/api/workflows/${encodeURIComponent(origin.workflowId)}`);
    return { ...named, kind: w.kind };
  } catch {
    return named;
  }
}

/** The guess for runs that do not name their workflow (made before runs recorded it). */
async function guessedWorkflow(run: Run): Promise<RunWorkflow | null> {
  const [{ workflows }, { plugins }] = await Promise.all([
    api<Answer<'/api/workflows'>>('GET', '/api/workflows?limit=500'),
    api<PluginsAnswer>('GET', '/api/plugins'),
  ]);
  const candidates = workflowCandidates(run, workflows, plugins).slice(0, 5);
  for (const w of candidates) {
    const details = await api<WorkflowDetails>('GET', `/api/workflows/${w.id}`);
    if (stepRunIds(details).includes(run.id)) return { id: w.id, kind: w.kind, exact: true };
  }
  const only = candidates.length === 1 ? candidates[0] : undefined;
  return only ? { id: only.id, kind: only.kind, exact: false } : null;
}

/**
 * Looks up the workflow of a run: undefined while looking, null when none fits. For a run that does not
 * name its workflow, a step result keeps only the latest run of the step, so the earlier (failed) runs of a
 * resolved step match only by time and target.
 */
export function useRunWorkflow(run: Run | undefined): RunWorkflow | null | undefined {
  const [found, setFound] = useState<RunWorkflow | null | undefined>(undefined);
  useEffect(() => {
    if (!run) return;
    let live = true;
    void (async () => {
      const made = (await namedWorkflow(run)) ?? (await guessedWorkflow(run));
      if (live) setFound(made);
    })().catch(() => {
      // The link is a convenience: the run page stands without it.
      if (live) setFound(null);
    });
    return () => {
      live = false;
    };
  }, [run]);
  return found;
}
