import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { finishRun, getRun, listRuns, runOriginOf, saveRunReport, startRun } from './runs.js';
import type { Store } from './store.js';
import { TEST_ENGINES, openTestStore } from './store.test-support.js';

describe.each(TEST_ENGINES)('runs on %s', (engine) => {
  let store: Store;
  beforeEach(async () => {
    store = await openTestStore(engine);
  });
  afterEach(async () => {
    await store.close();
  });

  it('records a run from start to finish with its report', async () => {
    const id = await startRun(store, { kind: 'audience', params: { audienceName: 'Buyers' } });
    expect((await getRun(store, id))?.status).toBe('running');
    await saveRunReport(store, id, { added: 5 });
    expect((await getRun(store, id))?.report).toEqual({ added: 5 });
    await finishRun(store, id, { status: 'failed', error: { message: 'boom' } });
    const run = await getRun(store, id);
    expect(run?.status).toBe('failed');
    expect(run?.report).toEqual({ added: 5 });
    expect(run?.error).toEqual({ message: 'boom' });
    expect(run?.finishedAt).toBeInstanceOf(Date);
  });

  it('lists runs by kind and params, newest first', async () => {
    const a = await startRun(store, { kind: 'audience', params: { audienceName: 'A' } });
    await startRun(store, { kind: 'events', params: { eventSetId: '1' } });
    const b = await startRun(store, { kind: 'audience', params: { audienceName: 'B' } });
    expect((await listRuns(store, { kind: 'audience' })).map((r) => r.id).sort()).toEqual([a, b].sort());
    expect((await listRuns(store, { params: { audienceName: 'B' } })).map((r) => r.id)).toEqual([b]);
    expect(await getRun(store, 'missing')).toBeUndefined();
  });

  it('lists the runs a workflow made, named by their origin', async () => {
    const origin = (workflowId: string, attempt: number) => ({ workflowId, step: 'sync_audience', attempt });
    const first = await startRun(store, { kind: 'audience', params: { origin: origin('wf-1', 1) } });
    const second = await startRun(store, { kind: 'audience', params: { origin: origin('wf-1', 2) } });
    await startRun(store, { kind: 'audience', params: { origin: origin('wf-2', 1) } });
    await startRun(store, { kind: 'events', params: {} });
    const runs = await listRuns(store, { workflowId: 'wf-1' });
    expect(runs.map((r) => r.id).sort()).toEqual([first, second].sort());
    expect(runs.map((r) => runOriginOf(r.params)?.attempt).sort()).toEqual([1, 2]);
    expect(await listRuns(store, { workflowId: 'wf-1', kind: 'events' })).toEqual([]);
    expect(runOriginOf({})).toBeUndefined();
    expect(runOriginOf({ origin: { workflowId: 'x' } })).toBeUndefined();
  });
});
