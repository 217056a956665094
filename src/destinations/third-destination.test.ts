// A third destination (src/destinations/rows-file.test-support.ts), registered beside the built-in ones the
// way start-up registers them, runs through the HTTP API (plugins, destination, template, preview,
// orchestration, run) and a workflow (the pg-boss engine runs its step and records its report), with no change
// anywhere else. The web app's generated forms are proven in web/e2e/third-destination.test.ts.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STOPPED, waitForStatus } from '../jobs/engine.test-support.js';
import { silentLogger } from '../logger.js';
import { openRunFixture, type RunFixture } from '../orchestrations/run-fixture.test-support.js';
import { callApi } from '../server/api-call.test-support.js';
import { createApiKey } from '../server/api-keys.js';
import { createServerApp } from '../server/app.js';
import { controlPlaneRoutes } from '../server/control-routes.js';
import { createMetrics } from '../server/metrics.js';
import { orchestrationRoutes } from '../server/orchestration-routes.js';
import { previewRoutes } from '../server/preview-routes.js';
import type { AppEnv } from '../server/routes.js';
import { TEST_ENGINES } from '../store/store.test-support.js';
import { builtInDestinations } from './index.js';
import { readRowsFile, ROWS_FILE_ID, rowsFileDestination } from './rows-file.test-support.js';

/** An answer, read loosely. */
type Json = Record<string, unknown> & {
  id: string;
  error: string;
  plugins: { id: string; aliases: string[]; runOptionsSchema: object; steps: string[]; report: object }[];
  destination: { id: string; plugin: string };
  template: { id: string };
  rows: { row: number; sent: unknown; rejects: unknown[] }[];
};

describe.each(TEST_ENGINES)('a third destination through the API and a workflow on %s', (engine) => {
  let fx: RunFixture;
  let app: Hono<AppEnv>;
  let adminKey: string;
  beforeAll(async () => {
    fx = await openRunFixture(engine, {}, [...builtInDestinations, rowsFileDestination]);
    const routeDeps = { control: fx.deps, publicUrl: 'http://ttads.test', workflows: fx.engine };
    app = createServerApp(
      {
        store: fx.store,
        logger: silentLogger(),
        version: 'test',
        metrics: createMetrics({ defaults: false }),
      },
      [
        ...controlPlaneRoutes(routeDeps),
        ...orchestrationRoutes(routeDeps),
        ...previewRoutes({ control: fx.deps }),
      ],
    );
    adminKey = (await createApiKey(fx.store, { name: 'ops', role: 'admin' })).key;
  });
  afterAll(async () => {
    await fx?.close();
  });

  const admin = (method: string, path: string, body?: unknown) =>
    callApi<Json>(app, method, path, adminKey, body);

  it('is described, saved, previewed, orchestrated and run like the built-in ones', async () => {
    const plugins = (await admin('GET', '/api/plugins')).body.plugins;
    expect(plugins.map((p) => p.id)).toEqual(['tiktok_custom_audiences', 'tiktok_events', ROWS_FILE_ID]);
    expect(plugins.find((p) => p.id === ROWS_FILE_ID)).toMatchObject({
      steps: ['write_rows'],
      report: { runKind: 'rows_file', targetSetting: 'fileName' },
      runOptionsSchema: { properties: { uppercase: { type: 'boolean' } } },
    });

    const badFile = await admin('POST', '/api/destinations', {
      name: `Rows ${engine}`,
      plugin: ROWS_FILE_ID,
      credentialId: fx.credential.id,
      settings: { fileName: '../escape.csv' },
    });
    expect(badFile.status).toBe(400);
    expect(badFile.body.error).toMatch(/fileName/);
    const saved = await admin('POST', '/api/destinations', {
      name: `Rows ${engine}`,
      plugin: ROWS_FILE_ID,
      credentialId: fx.credential.id,
      settings: { fileName: 'people.csv' },
    });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body.destination.plugin).toBe(ROWS_FILE_ID);
    const template = await admin('POST', '/api/templates', {
      destinationId: saved.body.destination.id,
      name: 'All rows',
    });
    expect(template.status, template.text).toBe(200);
    const templateId = template.body.template.id;

    const file = join(fx.dir, `people-${engine}.csv`);
    await writeFile(file, 'name,city\nAda,London\nGrace,New York\nEdsger,Nuenen\n');
    const preview = await admin('POST', '/api/preview', { sourceQuery: file, templateId, limit: 2 });
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body).toMatchObject({ kind: 'rows_file', note: 'Rows are written to the file as read.' });
    expect(preview.body.rows.map((r) => r.sent)).toEqual([
      { name: 'Ada', city: 'London' },
      { name: 'Grace', city: 'New York' },
    ]);

    const base = {
      name: `People ${engine}`,
      sourceQuery: file,
      destinationId: saved.body.destination.id,
      templateId,
    };
    const badOptions = await admin('POST', '/api/orchestrations', { ...base, options: { colour: 'red' } });
    expect(badOptions.status).toBe(400);
    expect(badOptions.body.error).toMatch(/options/);
    const orchestration = await admin('POST', '/api/orchestrations', {
      ...base,
      options: { uppercase: true },
    });
    expect(orchestration.status, orchestration.text).toBe(200);

    const run = await admin('POST', `/api/orchestrations/${orchestration.body.id}/run`);
    expect(run.status, run.text).toBe(200);
    const done = await waitForStatus(fx.store, run.body.id, STOPPED);
    expect(done.status, JSON.stringify(done.action ?? done.error)).toBe('succeeded');
    expect(done.steps.map((s) => s.name)).toEqual(['resolve_settings', 'write_rows']);
    expect(done.steps[1]?.output).toMatchObject({
      rowsRead: 3,
      rowsWritten: 3,
      fileName: 'people.csv',
      runnable: { kind: 'orchestration', id: orchestration.body.id },
    });
    expect(await readRowsFile(fx.run.dataDir, 'people.csv')).toEqual([
      'name,city',
      'ADA,LONDON',
      'GRACE,NEW YORK',
      'EDSGER,NUENEN',
    ]);
    const seen = await admin('GET', `/api/workflows/${run.body.id}`);
    expect(seen.body).toMatchObject({ status: 'succeeded', settings: { plugin: ROWS_FILE_ID } });
  });

  it("accepts the former id of TikTok events on input and saves it under the destination's current id", async () => {
    const saved = await admin('POST', '/api/destinations', {
      name: `Old id ${engine}`,
      plugin: 'tiktok_offline_events',
      credentialId: fx.credential.id,
      settings: { eventSource: 'offline' },
    });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body.destination.plugin).toBe('tiktok_events');
    const listed = await admin('GET', '/api/destinations?plugin=tiktok_offline_events');
    expect((listed.body.destinations as { id: string }[]).map((d) => d.id)).toContain(
      saved.body.destination.id,
    );
  });
});
