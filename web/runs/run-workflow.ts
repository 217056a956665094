// Finds the workflow that made a run. Runs do not name their workflow; a workflow's audience or events step
// result holds the report with its run id, so we look at the few workflows under way when the run started.

import { useEffect, useState } from 'react';
import { api } from '../api';
import { stepRunIds, workflowCandidates } from './run-stats';
import type { Run, Workflow, WorkflowDetails } from './types';

/** The workflow of a run: `exact` when a step result names the run, else the only likely one. */
export interface RunWorkflow {
  workflow: Workflow;
  exact: boolean;
}

/**
 * Looks up the workflow of a run: undefined while looking, null when none fits. A step result keeps only the
 * latest run of the step, so the earlier (failed) runs of a resolved step match only by time and target.
 */
export function useRunWorkflow(run: Run | undefined): RunWorkflow | null | undefined {
  const [found, setFound] = useState<RunWorkflow | null | undefined>(undefined);
  useEffect(() => {
    if (!run) return;
    let live = true;
    void (async () => {
      const { workflows } = await api<{ workflows: Workflow[] }>('GET', '/api/workflows?limit=500');
      const candidates = workflowCandidates(run, workflows).slice(0, 5);
      for (const w of candidates) {
        const details = await api<WorkflowDetails>('GET', `/api/workflows/${w.id}`);
        if (stepRunIds(details).includes(run.id)) {
          if (live) setFound({ workflow: w, exact: true });
          return;
        }
      }
      const only = candidates.length === 1 ? candidates[0] : undefined;
      if (live) setFound(only ? { workflow: only, exact: false } : null);
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
