import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDestination, createTemplate, type DataTemplate, type Destination } from '../config/index.js';
import { ADVERTISER, EVENT_SET } from '../config/control-plane.test-support.js';
import { STOPPED, waitForStatus } from '../jobs/engine.test-support.js';
import { getRun } from '../store/runs.js';
import { rejectsFileFor } from '../destinations/tiktok-events/index.js';
import { createOrchestration } from './orchestrations.js';
import { runOrchestrationNow } from './run.js';
import { audienceTarget, openRunFixture, type RunFixture } from './run-fixture.test-support.js';

const at = (daysAgo: number) =>
  new Date(Date.now() - daysAgo * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('the run steps write the rejected rows under <dataDir>/rejects (PGlite, emulator)', () => {
  let fx: RunFixture;
  let target: { destination: Destination; template: DataTemplate };
  beforeAll(async () => {
    fx = await openRunFixture('pglite');
    const { destination } = await createDestination(fx.deps, {
      name: 'Store sales',
      plugin: 'tiktok_events',
      credentialId: fx.credential.id,
      settings: { advertiserId: ADVERTISER, eventSetId: EVENT_SET },
    });
    const { template } = await createTemplate(fx.deps, { destinationId: destination.id, name: 'Sales' });
    target = { destination, template };
  });
  afterAll(async () => {
    await fx?.close();
  });

  async function send(name: string, csv: string) {
    const file = join(fx.dir, `${name}.csv`);
    await writeFile(file, csv);
    const o = await createOrchestration(
      { db: fx.store, plugins: fx.deps.plugins },
      { name, sourceQuery: file, destinationId: target.destination.id, templateId: target.template.id },
    );
    const created = await runOrchestrationNow(
      { engine: fx.engine, db: fx.store, plugins: fx.deps.plugins },
      o.id,
    );
    const done = await waitForStatus(fx.store, created.id, STOPPED);
    expect(done.status, JSON.stringify(done.error ?? done.action)).toBe('succeeded');
    return done.steps.find((s) => s.name === 'send_events')?.output as Record<string, unknown>;
  }

  it('names a file per attempt, inside the data directory', () => {
    const ctx = { workflow: { id: 'wf/../1' } as never, attempt: 2 };
    const a = rejectsFileFor('/data', ctx);
    expect(a).toMatch(/^\/data\/rejects\/events-wf_.._1-2-[0-9a-f]{8}\.csv$/);
    expect(rejectsFileFor('/data', ctx)).not.toBe(a);
  });

  it('keeps the rejects file of a send with rejected rows, named in its report and run', async () => {
    const output = await send(
      'With rejects',
      'event_id,email,event,timestamp\n' +
        `r-1,ann@example.com,Purchase,${at(1)}\n` +
        `r-2,not-an-email,Purchase,${at(1)}\n`,
    );
    const file = output.rejectsFile as string;
    expect(file.startsWith(join(fx.run.dataDir, 'rejects', 'events-'))).toBe(true);
    const csv = await readFile(file, 'utf8');
    expect(csv.split('\n')[0]).toBe('row,reason,field,message,event_id,email,event,timestamp');
    expect(csv).toContain('2,email_invalid,email,');
    expect(csv).toContain('r-2,not-an-email,Purchase');
    const run = await getRun(fx.store, output.runId as string);
    expect(run?.report?.rejectsFile).toBe(file);
  });

  it("keeps an audience sync's rejected values in <dataDir>/rejects/<runId>.csv", async () => {
    const { destination, template } = await audienceTarget(fx, 'Rejects', 'Rejects audience');
    const file = join(fx.dir, 'buyers.csv');
    await writeFile(file, 'customer_id,email\nc1,ann@example.com\nc2,not-an-email\nc3,\n');
    const o = await createOrchestration(
      { db: fx.store, plugins: fx.deps.plugins },
      { name: 'Audience rejects', sourceQuery: file, destinationId: destination.id, templateId: template.id },
    );
    const created = await runOrchestrationNow(
      { engine: fx.engine, db: fx.store, plugins: fx.deps.plugins },
      o.id,
    );
    const done = await waitForStatus(fx.store, created.id, STOPPED);
    expect(done.status, JSON.stringify(done.error ?? done.action)).toBe('succeeded');
    const output = done.steps.find((s) => s.name === 'sync_audience')?.output as Record<string, unknown>;
    expect(output.rejectsFile).toBe(join(fx.run.dataDir, 'rejects', `${output.runId as string}.csv`));
    expect(await readFile(output.rejectsFile as string, 'utf8')).toBe(
      'row,id_type,reason,value\n2,EMAIL,email_invalid,not-an-email\n3,,no_identifier,\n',
    );
    expect((await getRun(fx.store, output.runId as string))?.report?.rejectsFile).toBe(output.rejectsFile);
  });

  it("adds the rows TikTok refused in a partial (20001) answer to an audience sync's rejects", async () => {
    const { destination, template } = await audienceTarget(fx, 'Refused', 'Refused audience');
    const file = join(fx.dir, 'refused.csv');
    await writeFile(file, 'email\nann@example.com\nbo@example.com\ncy@example.com\n');
    const o = await createOrchestration(
      { db: fx.store, plugins: fx.deps.plugins },
      { name: 'Audience refused', sourceQuery: file, destinationId: destination.id, templateId: template.id },
    );
    fx.emulator.emulator.setFaults({ partialRate: 1, partialItemRate: 0.5, seed: 3 });
    try {
      const created = await runOrchestrationNow(
        { engine: fx.engine, db: fx.store, plugins: fx.deps.plugins },
        o.id,
      );
      const done = await waitForStatus(fx.store, created.id, STOPPED);
      expect(done.status, JSON.stringify(done.error ?? done.action)).toBe('succeeded');
      const output = done.steps.find((s) => s.name === 'sync_audience')?.output as Record<string, unknown>;
      const refused = (output.refusedByTikTok as Record<string, number>).tiktok_40002 ?? 0;
      expect(refused).toBeGreaterThan(0);
      expect(output.rejectsFile).toBe(join(fx.run.dataDir, 'rejects', `${output.runId as string}.csv`));
      const lines = (await readFile(output.rejectsFile as string, 'utf8')).trim().split('\n');
      expect(lines[0]).toBe('row,id_type,reason,value');
      expect(lines.slice(1)).toHaveLength(refused);
      for (const line of lines.slice(1)) expect(line).toMatch(/^[123],EMAIL,tiktok_40002: .*,[0-9a-f]{64}$/);
    } finally {
      fx.emulator.emulator.setFaults({});
    }
  });

  it('removes the file of a send that rejected nothing', async () => {
    const before = await readdir(join(fx.run.dataDir, 'rejects'));
    const output = await send(
      'Clean',
      `event_id,email,event,timestamp\nc-1,bo@example.com,Purchase,${at(1)}\n`,
    );
    expect(output.rejectsFile).toBeUndefined();
    expect(await readdir(join(fx.run.dataDir, 'rejects'))).toEqual(before);
  });
});
