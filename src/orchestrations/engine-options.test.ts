import { builtInDestinations, DestinationRegistry } from '../destinations/index.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretBox, generateSecretKey, parseSecretKey } from '../config/index.js';
import { authorizedCredential } from '../config/control-plane.test-support.js';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';
import { startWorkerProcess, type WorkerProcess } from '../jobs/index.js';
import { STOPPED, waitForStatus } from '../jobs/engine.test-support.js';
import { pgliteTemplate } from '../store/store.test-support.js';
import { createTikTokClient } from '../tiktok/index.js';
import { orchestrationWorkerOptions } from './engine-options.js';
import { createOrchestration } from './orchestrations.js';
import { runOrchestrationNow } from './run.js';
import { audienceTarget, customersCsv, emulatorAudiences } from './run-fixture.test-support.js';

describe('orchestrationWorkerOptions with startWorkerProcess', () => {
  let emulator: RunningEmulator;
  let worker: WorkerProcess;
  let dir: string;
  const tiktok = () => createTikTokClient({ baseUrl: emulator.url, rps: 0, retry: { maxAttempts: 1 } });
  const plugins = new DestinationRegistry(builtInDestinations);
  const secrets = createSecretBox(parseSecretKey(generateSecretKey(), 'test key'));

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, rateLimitRps: 0 });
    dir = await mkdtemp(join(tmpdir(), 'ttads-worker-'));
    const hooks = orchestrationWorkerOptions({
      secrets,
      tiktok: tiktok(),
      dataDir: join(dir, 'data'),
      plugins,
    });
    await expect(hooks.resolveSettings!({ kind: 'x', subject: {}, input: {}, settings: {} })).rejects.toThrow(
      /before the store was opened/,
    );
    worker = await startWorkerProcess({
      store: { dataDir: 'memory://', loadDataDir: await pgliteTemplate() },
      ...hooks,
      handleSignals: false,
      pollingIntervalSeconds: 0.5,
      supervise: false,
      schedule: false,
      recoverIntervalSeconds: 0,
    });
  });
  afterAll(async () => {
    await worker?.shutdown();
    await emulator?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs an orchestration on the store the worker opened', async () => {
    const deps = { db: worker.store, secrets, tiktok: tiktok(), plugins };
    const credential = await authorizedCredential(deps);
    const { destination, template } = await audienceTarget({ deps, credential }, 'Worker', 'Worker audience');
    const file = join(dir, 'w.csv');
    await writeFile(file, customersCsv(4));
    const o = await createOrchestration(
      { db: worker.store, plugins },
      { name: 'Worker run', sourceQuery: file, destinationId: destination.id, templateId: template.id },
    );
    const created = await runOrchestrationNow({ engine: worker.engine, db: worker.store, plugins }, o.id);
    expect((await waitForStatus(worker.store, created.id, STOPPED)).status).toBe('succeeded');
    expect(
      (await emulatorAudiences(emulator.url)).find((a) => a.name === 'Worker audience')?.members.EMAIL_SHA256,
    ).toHaveLength(4);
  });
});
