import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import type { Store } from '../store/store.js';
import { openTestStore } from '../store/store.test-support.js';
import { ok, scriptedFetch } from '../tiktok/scripted-fetch.test-support.js';
import { createTikTokClient, memoryQuota, type QuotaBackend, type TikTokClient } from '../tiktok/index.js';
import type { WorkflowEngine } from './engine.js';
import { startTestEngine, STOPPED, waitForStatus } from './engine.test-support.js';
import { buildAction } from './actions.js';
import { StepRegistry } from './registry.js';
import { insertWorkflow } from './workflow-repo.js';

const ADV = '7200000000000000001';
const UNLIMITED: QuotaBackend = { take: () => Promise.resolve({ granted: true }) };

/** The injected clock of the engine and the clients: the real one moved by `offset`. */
let offset = 0;
const clock = (): number => Date.now() + offset;

/**
 * Moves the clock so that 00:00 UTC comes `msToMidnight` from now: the app's daily quota (QPD) resets in the
 * client when the engine's continuation, dated on the same clock, fires.
 */
function nearMidnight(msToMidnight: number): void {
  const real = Date.now();
  offset = real - (real % 86_400_000) + 86_400_000 - msToMidnight - real;
}

function clientOf(quota: { backend: QuotaBackend }): TikTokClient {
  const fake = scriptedFetch(() => ok({ list: [] }), clock);
  return createTikTokClient({
    baseUrl: 'https://tiktok.test',
    accessToken: 'tok-0123456789',
    rps: 0,
    fetch: fake.fetch,
    now: clock,
    quota: { take: (now) => quota.backend.take(now) },
  });
}

/**
 * A workflow stopped by TikTok's daily limit continues by itself where it stopped once the quota resets at
 * 00:00 UTC (a pg-boss job at the action's `resumesAt`); a Resolve before then continues it instead, and the
 * failed step runs once more only.
 */
describe('the daily limit continues by itself after 00:00 UTC (engine on PGlite)', () => {
  let store: Store;
  let engine: WorkflowEngine;
  const log: string[] = [];
  const executions = new Map<string, number>();
  const clients = new Map<string, TikTokClient>();

  beforeAll(async () => {
    store = await openTestStore('pglite');
    const registry = new StepRegistry()
      .register('prepare', () => ({ prepared: true }))
      .register('send', async ({ workflow }) => {
        executions.set(workflow.id, (executions.get(workflow.id) ?? 0) + 1);
        await clients.get(workflow.id)!.getAdvertiserInfo([ADV]);
        return { sent: true };
      });
    const lines = new PassThrough();
    lines.on('data', (chunk: Buffer) => log.push(...chunk.toString().split('\n').filter(Boolean)));
    engine = await startTestEngine(store, registry, {
      logger: createLogger({ level: 'debug', destination: lines }),
      now: clock,
    });
  });
  afterAll(async () => {
    await engine.stop({ timeoutMs: 2000 });
    await store.close();
  });

  /** A client whose app spent its QPD of 1 before the workflow starts. */
  async function spentClient(id: string, msToMidnight: number): Promise<{ backend: QuotaBackend }> {
    const quota = { backend: memoryQuota({ qps: 10, qpm: 600, qpd: 1 }) };
    nearMidnight(msToMidnight);
    const client = clientOf(quota);
    await client.getAdvertiserInfo([ADV]);
    clients.set(id, client);
    return quota;
  }

  it('stops with the action, says when it continues, and continues by itself after the reset', async () => {
    const id = 'daily-continues';
    await spentClient(id, 2500);
    await engine.create({ id, kind: 'test', steps: ['prepare', 'send'] });
    const stopped = await waitForStatus(store, id, STOPPED);
    expect(stopped.status).toBe('action_required');
    expect(stopped.action).toMatchObject({ type: 'tiktok_daily_limit', step: 'send' });
    expect(stopped.action!.resumesAt).toMatch(/T00:00:00\.000Z$/);

    const done = await waitForStatus(store, id, ['succeeded', 'failed'], 30_000);
    expect(done.status).toBe('succeeded');
    // Where it stopped: `prepare` ran once, `send` twice (the stop and the continuation).
    expect(done.steps.map((s) => [s.name, s.attempts])).toEqual([
      ['prepare', 1],
      ['send', 2],
    ]);
    expect(executions.get(id)).toBe(2);
    expect(done.history.map((h) => h.note)).toContain(
      'continued by itself after the TikTok daily limit reset',
    );
  });

  it('a Resolve before the reset continues it once; the continuation then does nothing', async () => {
    const id = 'daily-resolved';
    const quota = await spentClient(id, 3000);
    await engine.create({ id, kind: 'test', steps: ['prepare', 'send'] });
    const stopped = await waitForStatus(store, id, STOPPED);
    expect(stopped.action?.type).toBe('tiktok_daily_limit');
    // TikTok raised the app's tier: the person resolves before 00:00 UTC.
    quota.backend = UNLIMITED;
    await engine.resolve(id);
    const done = await waitForStatus(store, id, ['succeeded', 'failed', 'action_required']);
    expect(done.status).toBe('succeeded');
    // The continuation fires at the reset and finds nothing to continue.
    const deadline = Date.now() + 30_000;
    while (!log.some((l) => l.includes('nothing to continue') && l.includes(id))) {
      if (Date.now() > deadline) throw new Error('the continuation never fired');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const after = await waitForStatus(store, id, ['succeeded']);
    expect(after.steps.find((s) => s.name === 'send')?.attempts).toBe(2);
    expect(executions.get(id)).toBe(2);
    expect(after.history.map((h) => h.note)).not.toContain(
      'continued by itself after the TikTok daily limit reset',
    );
  });
  it('the recovery sweep continues a stopped workflow whose continuation job was lost', async () => {
    const id = 'daily-lost-job';
    nearMidnight(-120_000);
    clients.set(id, clientOf({ backend: UNLIMITED }));
    await insertWorkflow(store, { id, kind: 'test', steps: ['send'] });
    const resumesAt = new Date(clock() - 120_000);
    const action = buildAction('tiktok_daily_limit', { step: 'send', resumesAt });
    await store.query(`UPDATE workflows SET status = 'action_required', action = $2::jsonb WHERE id = $1`, [
      id,
      JSON.stringify(action),
    ]);
    expect(await engine.recover()).toBeGreaterThanOrEqual(1);
    const done = await waitForStatus(store, id, ['succeeded', 'failed']);
    expect(done.status).toBe('succeeded');
    expect(executions.get(id)).toBe(1);
    // A second sweep finds nothing more to continue.
    expect(await engine.recover()).toBe(0);
  });
});
