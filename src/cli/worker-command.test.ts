import { builtInDestinations, DestinationRegistry } from '../destinations/index.js';
import type { AppControlDeps } from '../orchestrations/index.js';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSecretBox } from '../config/index.js';
import { resolveSettings } from '../config/settings.js';
import { authorizedCredential } from '../config/control-plane.test-support.js';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';
import { WorkflowEngine, type WorkerProcess } from '../jobs/index.js';
import { STOPPED, waitForStatus } from '../jobs/engine.test-support.js';
import { silentLogger } from '../logger.js';
import {
  createOrchestration,
  orchestrationEngineOptions,
  runOrchestrationNow,
} from '../orchestrations/index.js';
import { audienceTarget, customersCsv } from '../orchestrations/run-fixture.test-support.js';
import type { Store } from '../store/store.js';
import { openTestStore, randomSchemaName, testDatabaseUrl } from '../store/store.test-support.js';
import { createTikTokClient } from '../tiktok/index.js';
import { startWorker } from './worker-command.js';

describe('ttads worker', () => {
  it('refuses the embedded store, which one process only may open', async () => {
    await expect(startWorker(resolveSettings({ dataDir: '/tmp/nowhere' }, {}))).rejects.toThrow(
      /needs PostgreSQL[\s\S]*ttads serve --worker/,
    );
  });
});

describe('ttads worker on PostgreSQL', () => {
  let dir: string;
  let schema: string;
  let store: Store;
  let emulator: RunningEmulator;
  let worker: WorkerProcess | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ttads-worker-'));
    schema = randomSchemaName();
    [store, emulator] = await Promise.all([
      openTestStore('postgres', { schema }),
      startEmulator({ port: 0, rateLimitRps: 0 }),
    ]);
  });
  afterAll(async () => {
    await worker?.shutdown();
    await store?.close();
    await emulator?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('runs queued workflows with the shared secret key and registers the stored schedules', async () => {
    // The API or CLI side: the same data directory (secret key) and database, no worker.
    const dataDir = join(dir, 'data');
    const secrets = await openSecretBox({ dataDir });
    const tiktok = createTikTokClient({ baseUrl: emulator.url, rps: 0, retry: { maxAttempts: 1 } });
    const control: AppControlDeps = {
      db: store,
      secrets,
      tiktok,
      plugins: new DestinationRegistry(builtInDestinations),
    };
    const credential = await authorizedCredential(control);
    const { destination, template } = await audienceTarget({ deps: control, credential }, 'Worker');
    // With TTADS_SOURCE_ROOTS unset, the worker reads sources in `sources/` beside the data directory only.
    await mkdir(join(dir, 'sources'));
    const file = join(dir, 'sources', 'people.csv');
    await writeFile(file, customersCsv(7));
    const base = { sourceQuery: file, destinationId: destination.id, templateId: template.id };
    const manual = await createOrchestration(
      { db: store, plugins: control.plugins },
      { ...base, name: 'Manual' },
    );
    const prying = await createOrchestration(
      { db: store, plugins: control.plugins },
      {
        ...base,
        name: 'Prying',
        // An audience of its own: the first orchestration's belongs to it.
        overrides: { customAudienceName: 'Prying audience' },
        sourceQuery: `SELECT content AS email FROM read_text('${join(dataDir, 'secret.key')}')`,
      },
    );
    const scheduled = await createOrchestration(
      { db: store, plugins: control.plugins },
      { ...base, name: 'Nightly', schedule: { cron: '0 3 * * *' } },
    );
    const enqueuer = new WorkflowEngine({
      store,
      ...orchestrationEngineOptions({ ...control, store, dataDir }),
      supervise: false,
      schedule: false,
    });
    await enqueuer.start();
    const created = await runOrchestrationNow(
      { engine: enqueuer, db: store, plugins: control.plugins },
      manual.id,
    );
    const pried = await runOrchestrationNow(
      { engine: enqueuer, db: store, plugins: control.plugins },
      prying.id,
    );
    await enqueuer.stop({ graceful: false, timeoutMs: 1000 });

    const settings = resolveSettings({ dataDir, apiUrl: emulator.url, databaseUrl: testDatabaseUrl() }, {});
    worker = await startWorker(settings, {
      handleSignals: false,
      pollingIntervalSeconds: 0.5,
      logger: silentLogger(),
      storeOptions: { schema, poolSize: 2 },
    });
    const done = await waitForStatus(store, created.id, STOPPED);
    expect(done.status, JSON.stringify(done.action ?? done.error)).toBe('succeeded');
    expect(done.steps[1]?.output).toMatchObject({ added: 7 });
    const refused = await waitForStatus(store, pried.id, STOPPED);
    expect(refused.status).not.toBe('succeeded');
    expect(JSON.stringify(refused.action ?? refused.error)).toMatch(/outside the allowed source directories/);
    const keys = (await worker.engine.schedules.list()).map((s) => s.key);
    expect(keys).toEqual([`orchestration/${scheduled.id}`]);
  });
});
