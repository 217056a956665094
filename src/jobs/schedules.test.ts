import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../store/store.js';
import { openTestStore } from '../store/store.test-support.js';
import type { WorkflowEngine } from './engine.js';
import { StepRegistry } from './registry.js';
import { InvalidScheduleError } from './schedules.js';
import { startTestEngine, STOPPED, waitForStatus } from './engine.test-support.js';

describe('workflow schedules (engine on PGlite)', () => {
  let store: Store;
  let engine: WorkflowEngine;

  beforeAll(async () => {
    store = await openTestStore('pglite');
    const registry = new StepRegistry().register('run', ({ workflow }) => ({ ran: workflow.subject }));
    engine = await startTestEngine(store, registry, {
      // What the orchestration glue will do: look the orchestration up, or skip the occurrence.
      onSchedule: (payload) =>
        Promise.resolve(
          payload.skip
            ? null
            : {
                kind: 'orchestration',
                subject: { orchestrationId: payload.orchestrationId ?? null },
                steps: ['run'],
              },
        ),
    });
  });
  afterAll(async () => {
    await engine.stop({ graceful: false });
    await store.close();
  });

  it('stores cron schedules with their time zone, previews them, and refuses bad ones', async () => {
    const spec = { cron: '0 6 * * *', timezone: 'Europe/Paris', payload: { orchestrationId: 'o1' } };
    await engine.schedules.set('orchestration/o1', spec);
    await engine.schedules.set('orchestration/o1', { ...spec, cron: '30 6 * * 1' });
    expect(await engine.schedules.list()).toEqual([
      {
        key: 'orchestration/o1',
        cron: '30 6 * * 1',
        timezone: 'Europe/Paris',
        payload: { orchestrationId: 'o1' },
      },
    ]);
    const next = engine.schedules.preview(spec, 3);
    expect(next).toHaveLength(3);
    const paris = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Paris',
      hour: '2-digit',
      minute: '2-digit',
    });
    expect(next.map((d) => paris.format(d))).toEqual(['06:00', '06:00', '06:00']);
    expect(() => engine.schedules.preview({ cron: '61 * * * *' })).toThrow(InvalidScheduleError);
    await expect(
      engine.schedules.set('bad', { cron: '0 6 * * *', timezone: 'Mars/Olympus' }),
    ).rejects.toThrow(InvalidScheduleError);
    await expect(engine.schedules.set('has space', spec)).rejects.toThrow(/may only hold/);
    await engine.schedules.remove('orchestration/o1');
    expect(await engine.schedules.list()).toEqual([]);
  });

  it('turns a firing into one workflow, even when the firing is delivered twice, or skips it', async () => {
    const firing = { key: 'orchestration/o2', jobId: '7f1c1f0e-3c57-4b6f-9a49-5d1f5b0c0b11' };
    const first = await engine.fire({ orchestrationId: 'o2' }, firing);
    const again = await engine.fire({ orchestrationId: 'o2' }, firing);
    expect(first?.id).toBe(firing.jobId);
    expect(again?.id).toBe(firing.jobId);
    expect(await engine.list({ subject: { orchestrationId: 'o2' } })).toHaveLength(1);
    const done = await waitForStatus(store, firing.jobId, STOPPED);
    expect(done).toMatchObject({ status: 'succeeded', input: { schedule: 'orchestration/o2' } });
    expect(
      await engine.fire({ skip: true }, { key: 'k', jobId: '8f1c1f0e-3c57-4b6f-9a49-5d1f5b0c0b11' }),
    ).toBeNull();
  });

  it('consumes firings from the schedule queue', async () => {
    const jobId = await engine.boss.send(engine.schedules.queue, {
      key: 'orchestration/o3',
      payload: { orchestrationId: 'o3' },
    });
    const done = await waitForStatus(store, jobId ?? '', STOPPED);
    expect(done).toMatchObject({ status: 'succeeded', subject: { orchestrationId: 'o3' } });
  });
});
