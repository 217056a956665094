import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDestination,
  createTemplate,
  updateDestination,
  type DataTemplate,
  type Destination,
} from '../config/index.js';
import { ADVERTISER, EVENT_SET } from '../config/control-plane.test-support.js';
import { STOPPED, waitForStatus } from '../jobs/engine.test-support.js';
import { getRun } from '../store/runs.js';
import { createOrchestration, updateOrchestration } from './orchestrations.js';
import { runOrchestrationNow } from './run.js';
import { openRunFixture, type RunFixture } from './run-fixture.test-support.js';

const at = (daysAgo: number) =>
  new Date(Date.now() - daysAgo * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('an offline events orchestration through the workflow engine (PGlite, emulator)', () => {
  let fx: RunFixture;
  let target: { destination: Destination; template: DataTemplate };
  beforeAll(async () => {
    fx = await openRunFixture('pglite');
    const { destination } = await createDestination(fx.deps, {
      name: 'Store sales',
      plugin: 'tiktok_events',
      credentialId: fx.credential.id,
      settings: { advertiserId: ADVERTISER },
    });
    target = {
      destination,
      template: (await createTemplate(fx.deps, { destinationId: destination.id, name: 'Sales' })).template,
    };
  });
  afterAll(async () => {
    await fx?.close();
  });

  async function run(id: string) {
    const created = await runOrchestrationNow(
      { engine: fx.engine, db: fx.store, plugins: fx.deps.plugins },
      id,
    );
    return waitForStatus(fx.store, created.id, STOPPED);
  }

  it('sends the events to the event set given at orchestration, once', async () => {
    const file = join(fx.dir, 'sales.csv');
    await writeFile(
      file,
      'event_id,email,event,timestamp,value,currency\n' +
        `s-1,ann@example.com,Purchase,${at(1)},20,USD\n` +
        `s-2,bo@example.com,Purchase,${at(2)},35.5,EUR\n` +
        `s-3,not-an-email,Purchase,${at(2)},1,EUR\n`,
    );
    const o = await createOrchestration(
      { db: fx.store, plugins: fx.deps.plugins },
      {
        name: 'Store sales daily',
        sourceQuery: file,
        destinationId: target.destination.id,
        templateId: target.template.id,
        overrides: { eventSetId: EVENT_SET },
        options: { defaultRegion: 'FR' },
      },
    );
    const done = await run(o.id);
    expect(done.status, JSON.stringify(done.error ?? done.action)).toBe('succeeded');
    expect(done.steps.map((s) => s.name)).toEqual(['resolve_settings', 'send_events']);
    expect(done.steps[0]?.output).toMatchObject({
      sources: { eventSetId: 'orchestration', eventSource: 'default' },
    });
    expect(done.steps[1]?.output).toMatchObject({
      rowsRead: 3,
      acknowledged: 2,
      rejected: { rows: 1, byReason: { email_invalid: 1 } },
    });
    const res = await fetch(`${fx.emulator.url}/_emulator/events?event_source_id=${EVENT_SET}`);
    const { events } = (await res.json()) as { events: { event_id?: string; event: string }[] };
    expect(events.map((e) => e.event_id).sort()).toEqual(['s-1', 's-2']);

    // A second run finds both in the journal: nothing is sent again, and that is not a failure.
    const again = await run(o.id);
    expect(again.status).toBe('succeeded');
    expect(again.steps[1]?.output).toMatchObject({ alreadySent: 2, acknowledged: 0 });
  });

  it('stops with invalid input when every row is rejected', async () => {
    const file = join(fx.dir, 'bad.csv');
    await writeFile(file, `event_id,email,event,timestamp\nb-1,ann@example.com,Purchase,${at(60)}\n`);
    const o = await createOrchestration(
      { db: fx.store, plugins: fx.deps.plugins },
      {
        name: 'Too old',
        sourceQuery: file,
        destinationId: target.destination.id,
        templateId: target.template.id,
        overrides: { eventSetId: EVENT_SET },
      },
    );
    const stopped = await run(o.id);
    expect(stopped.status).toBe('action_required');
    expect(stopped.action).toMatchObject({ type: 'invalid_input', step: 'send_events' });
    expect(stopped.action?.whatHappened).toMatch(/All 1 rows were rejected \(outside_window: 1\)/);
    // The action names the run, whose report (with its rejects file) is stored and which names the workflow.
    const detail = stopped.action?.error?.detail as { runId?: string } | undefined;
    const sent = await getRun(fx.store, detail?.runId ?? '');
    expect(sent?.params.origin).toEqual({ workflowId: stopped.id, step: 'send_events', attempt: 1 });
    expect(sent?.report).toMatchObject({ rowsRead: 1, rejected: { byReason: { outside_window: 1 } } });
    expect(await readFile(String(sent?.report?.rejectsFile), 'utf8')).toMatch(/outside_window/);
  });

  it('stops at resolve_settings when a setting was removed since, and Resolve uses the fixed configuration', async () => {
    const { destination } = await createDestination(fx.deps, {
      name: 'Store sales with set',
      plugin: 'tiktok_events',
      credentialId: fx.credential.id,
      settings: { advertiserId: ADVERTISER, eventSetId: EVENT_SET },
    });
    const { template } = await createTemplate(fx.deps, { destinationId: destination.id, name: 'Sales' });
    const file = join(fx.dir, 'later.csv');
    await writeFile(file, `event_id,email,event,timestamp\nl-1,cy@example.com,Purchase,${at(1)}\n`);
    const o = await createOrchestration(
      { db: fx.store, plugins: fx.deps.plugins },
      {
        name: 'Set on destination',
        sourceQuery: file,
        destinationId: destination.id,
        templateId: template.id,
        schedule: { cron: '0 * * * *', timezone: 'UTC' },
      },
    );
    // The destination loses its event set; the next scheduled run is still created, and stops at once.
    await updateDestination(fx.deps, destination.id, { settings: { advertiserId: ADVERTISER } });
    const created = await fx.engine.fire(
      { orchestrationId: o.id },
      { key: `orchestration/${o.id}`, jobId: randomUUID() },
    );
    const stopped = await waitForStatus(fx.store, created!.id, STOPPED);
    expect(stopped).toMatchObject({ status: 'failed', currentStep: 'resolve_settings' });
    expect(stopped.error?.message).toMatch(/missing settings: eventSetId/);

    await updateOrchestration({ db: fx.store, plugins: fx.deps.plugins }, o.id, {
      overrides: { eventSetId: EVENT_SET },
    });
    await fx.engine.resolve(created!.id);
    const done = await waitForStatus(fx.store, created!.id, STOPPED);
    expect(done.status).toBe('succeeded');
    expect(done.settings).toMatchObject({ sources: { eventSetId: 'orchestration' } });
    expect(done.steps[1]?.output).toMatchObject({ acknowledged: 1 });
  });
});
