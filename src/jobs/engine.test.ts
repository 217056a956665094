import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../store/store.js';
import { openTestStore, TEST_ENGINES } from '../store/store.test-support.js';
import { errorFromCode } from '../tiktok/index.js';
import type { WorkflowEngine } from './engine.js';
import { StepRegistry } from './registry.js';
import { startTestEngine, STOPPED, waitForStatus } from './engine.test-support.js';
import { claimWorkflow } from './claim-repo.js';
import { insertWorkflow } from './workflow-repo.js';

describe.each(TEST_ENGINES)('workflow engine in-process on %s', (engineName) => {
  let store: Store;
  let engine: WorkflowEngine;
  const calls: string[] = [];
  const flaky = new Map<string, number>();

  beforeAll(async () => {
    store = await openTestStore(engineName);
    const registry = new StepRegistry()
      .register('extract', ({ workflow }) => {
        calls.push(`${workflow.id}:extract`);
        return { rows: 3 };
      })
      .register('send', ({ workflow, outputs, settings }) => {
        calls.push(`${workflow.id}:send`);
        return { sent: (outputs.extract as { rows: number }).rows, to: settings.advertiserId ?? null };
      })
      .register('flaky', ({ workflow, settings }) => {
        // Fails transiently `settings.failures` times, like TikTok in a bad minute.
        const seen = (flaky.get(workflow.id) ?? 0) + 1;
        flaky.set(workflow.id, seen);
        if (seen <= Number(settings.failures)) {
          throw errorFromCode({ code: 50000, message: 'system error', endpoint: 'segment/mapping/' });
        }
        return seen;
      })
      .register('explode', () => Promise.reject(new Error('unexpected')));
    engine = await startTestEngine(store, registry);
  });
  afterAll(async () => {
    await engine.stop({ graceful: false });
    await store.close();
  });

  it('runs the steps in order, hands outputs on, and records the run', async () => {
    const created = await engine.create({
      kind: 'orchestration',
      subject: { orchestrationId: 'o1' },
      steps: ['extract', 'send'],
      settings: { advertiserId: '7200000000000000001' },
    });
    const done = await waitForStatus(store, created.id, STOPPED);
    expect(done.status).toBe('succeeded');
    expect(calls.filter((c) => c.startsWith(created.id))).toEqual([
      `${created.id}:extract`,
      `${created.id}:send`,
    ]);
    expect(done.steps.map((s) => [s.name, s.status, s.attempts, s.output])).toEqual([
      ['extract', 'succeeded', 1, { rows: 3 }],
      ['send', 'succeeded', 1, { sent: 3, to: '7200000000000000001' }],
    ]);
    expect(done.history.map((h) => `${h.from ?? '-'}>${h.to}`)).toEqual([
      '->queued',
      'queued>running',
      'running>succeeded',
    ]);
    expect(done.currentStep).toBeNull();
  });

  it('retries transient failures within the budget, then succeeds', async () => {
    const created = await engine.create({
      kind: 'test',
      steps: ['extract', 'flaky'],
      settings: { failures: 2 },
    });
    const done = await waitForStatus(store, created.id, STOPPED);
    expect(done.status).toBe('succeeded');
    expect(done.steps.map((s) => [s.name, s.attempts, s.failures])).toEqual([
      ['extract', 1, 0],
      ['flaky', 3, 0],
    ]);
    expect(calls.filter((c) => c === `${created.id}:extract`)).toHaveLength(1);
    expect(done.history.filter((h) => h.to === 'queued' && h.from === 'running')).toHaveLength(2);
  });

  it('stops with "TikTok unavailable" when the retry budget is spent', async () => {
    const created = await engine.create({ kind: 'test', steps: ['flaky'], settings: { failures: 10 } });
    const done = await waitForStatus(store, created.id, STOPPED);
    expect(done).toMatchObject({ status: 'action_required', currentStep: 'flaky' });
    expect(done.action).toMatchObject({ type: 'tiktok_unavailable', step: 'flaky', error: { code: 50000 } });
    expect(done.steps[0]).toMatchObject({ attempts: 3, failures: 3, status: 'failed' });
  });

  it('fails on an unexpected error, and refuses unknown steps before queueing', async () => {
    const created = await engine.create({ kind: 'test', steps: ['explode'] });
    const done = await waitForStatus(store, created.id, STOPPED);
    expect(done).toMatchObject({
      status: 'failed',
      error: { name: 'Error', message: 'unexpected' },
      action: null,
    });
    await expect(engine.create({ kind: 'test', steps: ['nope'] })).rejects.toThrow(
      /unknown workflow step\(s\): nope/,
    );
  });

  it('recovers a queued workflow that never got its job', async () => {
    const lost = await insertWorkflow(store, { kind: 'test', steps: ['extract'] });
    expect(await engine.recover()).toBeGreaterThanOrEqual(1);
    expect((await waitForStatus(store, lost.id, STOPPED)).status).toBe('succeeded');
  });
});

describe('workers that stop or die (PGlite)', () => {
  let store: Store;
  let release: () => void = () => undefined;
  const registry = new StepRegistry().register(
    'wait',
    ({ signal }) =>
      new Promise((resolve, reject) => {
        release = () => resolve('released');
        signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
      }),
  );
  beforeAll(async () => {
    store = await openTestStore('pglite');
  });
  afterAll(async () => {
    await store.close();
  });

  it('hands a running workflow back when its worker stops, and another worker finishes it', async () => {
    const first = await startTestEngine(store, registry, { worker: 'first' });
    const created = await first.create({ kind: 'test', steps: ['wait'] });
    await waitForStatus(store, created.id, ['running']);
    await first.stop({ timeoutMs: 1000 });
    const handedBack = await waitForStatus(store, created.id, ['queued']);
    expect(handedBack.history.at(-1)).toMatchObject({
      from: 'running',
      to: 'queued',
      note: 'interrupted: the worker is stopping',
    });

    const second = await startTestEngine(store, registry, { worker: 'second' });
    try {
      await waitForStatus(store, created.id, ['running']);
      release();
      const done = await waitForStatus(store, created.id, STOPPED);
      expect(done).toMatchObject({ status: 'succeeded', runs: 2 });
      expect(done.history.filter((h) => h.to === 'running').map((h) => h.detail?.worker)).toEqual([
        'first',
        'second',
      ]);
    } finally {
      await second.stop({ graceful: false });
    }
  });

  it('keeps renewing the lease of a long step, so nobody else can claim it', async () => {
    const engine = await startTestEngine(store, registry, { worker: 'slow', leaseSeconds: 1 });
    try {
      const created = await engine.create({ kind: 'test', steps: ['wait'] });
      await waitForStatus(store, created.id, ['running']);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(await claimWorkflow(store, created.id, { worker: 'intruder', leaseSeconds: 60 })).toMatchObject({
        claimed: false,
        status: 'running',
      });
      release();
      expect(await waitForStatus(store, created.id, STOPPED)).toMatchObject({ status: 'succeeded', runs: 1 });
    } finally {
      await engine.stop({ graceful: false });
    }
  });

  it('takes over the workflow of a worker that died once its lease ran out', async () => {
    const created = await insertWorkflow(store, { kind: 'test', steps: ['wait'] });
    // A worker claims it and dies: nobody renews the lease.
    await claimWorkflow(store, created.id, { worker: 'dead', leaseSeconds: 60 });
    const engine = await startTestEngine(store, registry, { worker: 'alive' });
    try {
      expect(await engine.recover()).toBe(0);
      await store.query(`UPDATE workflows SET lease_until = now() - interval '1 second' WHERE id = $1`, [
        created.id,
      ]);
      expect(await engine.recover()).toBe(1);
      await expect.poll(async () => (await engine.get(created.id))?.claimedBy).toBe('alive');
      release();
      const done = await waitForStatus(store, created.id, STOPPED);
      expect(done).toMatchObject({ status: 'succeeded', runs: 2 });
      expect(done.history.map((h) => h.note)).toContain(
        'taken over after the previous worker stopped renewing its lease',
      );
    } finally {
      await engine.stop({ graceful: false });
    }
  });
});
