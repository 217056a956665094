import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store/store.js';
import { openTestStore, TEST_ENGINES } from '../store/store.test-support.js';
import {
  claimWorkflow,
  endRun,
  finishStep,
  LeaseLostError,
  renewLease,
  startStep,
  type Claim,
} from './claim-repo.js';
import {
  getWorkflowDetails,
  insertWorkflow,
  listOrphanedWorkflows,
  listWorkflows,
  reopenWorkflow,
  WorkflowStateError,
} from './workflow-repo.js';

describe.each(TEST_ENGINES)('workflow repositories on %s', (engine) => {
  let store: Store;
  beforeEach(async () => {
    store = await openTestStore(engine);
  });
  afterEach(async () => {
    await store.close();
  });

  const newWorkflow = (id: string, subject = { orchestrationId: 'o1' }) =>
    insertWorkflow(store, { id, kind: 'orchestration', subject, steps: ['a', 'b'], settings: { n: 1 } });

  async function claim(id: string, worker = 'w1'): Promise<Claim> {
    const result = await claimWorkflow(store, id, { worker, leaseSeconds: 60 });
    if (!result.claimed) throw new Error(`not claimed: ${result.status}`);
    return result.claim;
  }

  it('creates a queued workflow with pending steps and a history entry, and lists it by filters', async () => {
    await newWorkflow('w-1');
    await newWorkflow('w-2', { orchestrationId: 'o2' });
    const details = await getWorkflowDetails(store, 'w-1');
    expect(details).toMatchObject({
      status: 'queued',
      kind: 'orchestration',
      settings: { n: 1 },
      currentStep: null,
    });
    expect(details?.steps.map((s) => [s.position, s.name, s.status, s.attempts])).toEqual([
      [0, 'a', 'pending', 0],
      [1, 'b', 'pending', 0],
    ]);
    expect(details?.history.map((h) => [h.from, h.to, h.note])).toEqual([[null, 'queued', 'created']]);
    expect((await listWorkflows(store, { subject: { orchestrationId: 'o2' } })).map((w) => w.id)).toEqual([
      'w-2',
    ]);
    expect(await listWorkflows(store, { status: 'running' })).toEqual([]);
    expect((await listWorkflows(store, { status: ['queued'], kind: 'orchestration' })).length).toBe(2);
    await expect(insertWorkflow(store, { kind: 'x', steps: ['a', 'a'] })).rejects.toThrow(/unique/);
  });

  it('lets exactly one of two simultaneous claims win', async () => {
    await newWorkflow('w-1');
    const results = await Promise.all([
      claimWorkflow(store, 'w-1', { worker: 'A', leaseSeconds: 60 }),
      claimWorkflow(store, 'w-1', { worker: 'B', leaseSeconds: 60 }),
    ]);
    expect(results.filter((r) => r.claimed)).toHaveLength(1);
    expect(results.find((r) => !r.claimed)).toMatchObject({ claimed: false, status: 'running' });
    const details = await getWorkflowDetails(store, 'w-1');
    expect(details).toMatchObject({ status: 'running', runs: 1 });
    expect(details?.history.map((h) => h.to)).toEqual(['queued', 'running']);
  });

  it('records steps and the end of a run, fenced by the claim', async () => {
    await newWorkflow('w-1');
    const c = await claim('w-1');
    await startStep(store, c, 'a');
    await finishStep(store, c, 'a', { status: 'succeeded', output: { rows: 3 } });
    await startStep(store, c, 'b');
    await finishStep(store, c, 'b', { status: 'failed', error: { message: 'boom' }, transient: true });
    await endRun(store, c, { status: 'queued', note: 'retry' });
    const details = await getWorkflowDetails(store, 'w-1');
    expect(details?.steps.map((s) => [s.name, s.status, s.attempts, s.failures, s.output, s.error])).toEqual([
      ['a', 'succeeded', 1, 0, { rows: 3 }, null],
      ['b', 'failed', 1, 1, null, { message: 'boom' }],
    ]);
    expect(details).toMatchObject({ status: 'queued', currentStep: 'b', claimedBy: null, leaseUntil: null });
    // The claim ended with the run: its writes are refused from now on.
    await expect(startStep(store, c, 'b')).rejects.toBeInstanceOf(LeaseLostError);
    expect(await renewLease(store, c, 60)).toBe(false);
  });

  it('hands a workflow whose lease ran out to another worker and fences the old one off', async () => {
    await newWorkflow('w-1');
    const first = await claim('w-1', 'A');
    expect(await claimWorkflow(store, 'w-1', { worker: 'B', leaseSeconds: 60 })).toMatchObject({
      claimed: false,
    });
    expect(await listOrphanedWorkflows(store)).toEqual([]);
    await store.query(`UPDATE workflows SET lease_until = now() - interval '1 minute'`);
    expect(await listOrphanedWorkflows(store)).toEqual(['w-1']);
    const second = await claim('w-1', 'B');
    await expect(finishStep(store, first, 'a', { status: 'succeeded', output: 1 })).rejects.toBeInstanceOf(
      LeaseLostError,
    );
    await expect(endRun(store, first, { status: 'succeeded', note: 'x' })).rejects.toBeInstanceOf(
      LeaseLostError,
    );
    await endRun(store, second, { status: 'succeeded', note: 'done' });
    const details = await getWorkflowDetails(store, 'w-1');
    expect(details).toMatchObject({ status: 'succeeded', runs: 2 });
    expect(details?.finishedAt).toBeInstanceOf(Date);
    expect(details?.history.map((h) => [h.from, h.to, h.detail?.worker ?? null])).toEqual([
      [null, 'queued', null],
      ['queued', 'running', 'A'],
      ['running', 'running', 'B'],
      ['running', 'succeeded', null],
    ]);
  });

  it('reopens only a stopped workflow: failed step pending again, succeeded steps kept, settings replaced', async () => {
    await newWorkflow('w-1');
    await expect(reopenWorkflow(store, 'w-1', { settings: {}, note: 'resolved' })).rejects.toBeInstanceOf(
      WorkflowStateError,
    );
    const c = await claim('w-1');
    await startStep(store, c, 'a');
    await finishStep(store, c, 'a', { status: 'succeeded', output: 'out-a' });
    await startStep(store, c, 'b');
    await finishStep(store, c, 'b', { status: 'failed', error: { message: 'no' }, transient: true });
    const action = {
      type: 'invalid_credentials' as const,
      title: 'Invalid credentials',
      whatHappened: 'x',
      likelyCauses: [],
      stepsToFix: [],
      step: 'b',
    };
    await endRun(store, c, { status: 'action_required', action, note: 'Invalid credentials' });
    expect((await getWorkflowDetails(store, 'w-1'))?.action).toEqual(action);

    const reopened = await reopenWorkflow(store, 'w-1', { settings: { n: 2 }, note: 'resolved' });
    expect(reopened).toMatchObject({ status: 'queued', settings: { n: 2 }, action: null, finishedAt: null });
    const details = await getWorkflowDetails(store, 'w-1');
    expect(details?.steps.map((s) => [s.name, s.status, s.failures, s.output])).toEqual([
      ['a', 'succeeded', 0, 'out-a'],
      ['b', 'pending', 0, null],
    ]);
    expect(details?.history.at(-1)).toMatchObject({
      from: 'action_required',
      to: 'queued',
      note: 'resolved',
    });
  });
});
