import { describe, expect, it } from 'vitest';
import { actionRunId, runOrigin } from './origin';

describe('run origin', () => {
  it('reads the workflow, step and attempt a run records', () => {
    const origin = { workflowId: 'wf-1', step: 'sync_audience', attempt: 2 };
    expect(runOrigin({ params: { origin } })).toEqual(origin);
    expect(runOrigin({ params: {} })).toBeUndefined();
    expect(runOrigin({ params: { origin: { workflowId: 'wf-1' } } })).toBeUndefined();
    expect(runOrigin({ params: { origin: 'wf-1' } })).toBeUndefined();
  });

  it('finds the run an action names in its error detail', () => {
    expect(actionRunId({ error: { detail: { rowsRead: 2, runId: 'run-1' } } })).toBe('run-1');
    expect(actionRunId({ error: { detail: { rowsRead: 2 } } })).toBeUndefined();
    expect(actionRunId({ error: { code: 40105 } })).toBeUndefined();
    expect(actionRunId({})).toBeUndefined();
  });
});
