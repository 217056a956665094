import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSecretKey, openSecretBox } from '../config/index.js';
import { authorizedCredential } from '../config/control-plane.test-support.js';
import { builtInDestinations, DestinationRegistry } from '../destinations/index.js';
import type { RunningEmulator } from '../emulator/index.js';
import { startTestEmulator } from '../events/events.test-support.js';
import { STOPPED, waitForStatus } from '../jobs/engine.test-support.js';
import { createOrchestration, type AppControlDeps } from '../orchestrations/index.js';
import { audienceTarget } from '../orchestrations/run-fixture.test-support.js';
import type { Store } from '../store/store.js';
import { openTestStore, randomSchemaName } from '../store/store.test-support.js';
import { createTikTokClient } from '../tiktok/index.js';
import {
  audienceEmails,
  emulatorStats,
  runTtads,
  schemaUrl,
  sha,
  slowAnswers,
} from './machines.test-support.js';
import { startWorkerMachine, stopWorkerMachine, type WorkerMachine } from './worker-machines.test-support.js';

const AUDIENCE = 'Worker machines audience';

/**
 * Three `ttads worker` processes ("machines", each its own data directory) on one PostgreSQL run the workflows
 * of one orchestration: runs alternate between them, one is killed with SIGKILL mid-run and another takes the
 * run over, two are alive at once for one run. After every run the audience at TikTok equals the CSV.
 */
describe('ttads worker processes on several machines sharing one PostgreSQL', () => {
  let emulator: RunningEmulator;
  let dir: string;
  let store: Store;
  let orchestrationId: string;
  const schema = randomSchemaName();
  const secretKey = generateSecretKey();
  const started: WorkerMachine[] = [];

  beforeAll(async () => {
    emulator = await startTestEmulator();
    dir = await mkdtemp(join(tmpdir(), 'ttads-worker-machines-'));
    store = await openTestStore('postgres', { schema });
    const control: AppControlDeps = {
      db: store,
      secrets: await openSecretBox({ dataDir: join(dir, 'control'), secretKey }),
      tiktok: createTikTokClient({ baseUrl: emulator.url, rps: 0, retry: { maxAttempts: 1 } }),
      plugins: new DestinationRegistry(builtInDestinations),
    };
    const credential = await authorizedCredential(control);
    const { destination, template } = await audienceTarget(
      { deps: control, credential },
      'Machines',
      AUDIENCE,
    );
    await mkdir(join(dir, 'sources'));
    const o = await createOrchestration(
      { db: store, plugins: control.plugins },
      {
        name: 'Shared by workers',
        sourceQuery: join(dir, 'sources', 'people.csv'),
        destinationId: destination.id,
        templateId: template.id,
        // Small batches: a run makes many requests, so that it can be killed half way through.
        options: { batchSize: 50 },
      },
    );
    orchestrationId = o.id;
  });
  afterAll(async () => {
    for (const w of started) await stopWorkerMachine(w, 'SIGKILL');
    await emulator?.close();
    await store?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const env = (name: string): NodeJS.ProcessEnv => ({
    TTADS_DATA_DIR: join(dir, name),
    DATABASE_URL: schemaUrl(schema),
    TTADS_SECRET_KEY: secretKey,
    TTADS_SOURCE_ROOTS: join(dir, 'sources'),
    TIKTOK_API_URL: emulator.url,
  });
  const worker = (n: number): WorkerMachine => {
    const w = startWorkerMachine(env(`machine-${n}`));
    started.push(w);
    return w;
  };
  const person = (i: number): string => `c${i}@x.test`;
  const range = (from: number, to: number): string[] =>
    Array.from({ length: to - from }, (_, i) => person(from + i));
  const source = (people: string[]): Promise<void> =>
    writeFile(join(dir, 'sources', 'people.csv'), ['email', ...people].join('\n'));
  /** `ttads orchestrations run <id>` from a machine without a worker: the run is queued, not run here. */
  async function queueRun(): Promise<string> {
    const ran = await runTtads(['orchestrations', 'run', orchestrationId, '--json'], env('cli'));
    expect(ran.code, ran.stderr).toBe(0);
    const w = JSON.parse(ran.stdout) as { id: string; status: string };
    expect(w.status).toBe('queued');
    return w.id;
  }
  const row = (id: string) =>
    store.queryOne<{ status: string; claimed_by: string | null; runs: number }>(
      'SELECT status, claimed_by, runs FROM workflows WHERE id = $1',
      [id],
    );
  /** The worker running workflow `id`, once it claimed it. */
  async function claimedBy(id: string): Promise<string> {
    await expect.poll(async () => (await row(id))?.claimed_by ?? null, { timeout: 60_000 }).not.toBeNull();
    return (await row(id))?.claimed_by ?? '';
  }
  async function succeeded(id: string): Promise<void> {
    const done = await waitForStatus(store, id, STOPPED, 120_000);
    expect(done.status, JSON.stringify(done.action ?? done.error)).toBe('succeeded');
  }
  const emails = async (): Promise<string[]> => audienceEmails(emulator, AUDIENCE);

  it('alternates runs between workers, takes over a run from a killed worker and runs one run once with two alive', async () => {
    // Run 1 on machine 1 alone.
    const first = range(0, 400);
    await source(first);
    const one = worker(1);
    const oneName = await one.ready;
    const run1 = await queueRun();
    expect(await claimedBy(run1)).toBe(oneName);
    await succeeded(run1);
    expect(await emails()).toEqual(first.map(sha).sort());
    await stopWorkerMachine(one);
    // A machine's disk may vanish: nothing the next run needs lives there.
    await rm(join(dir, 'machine-1'), { recursive: true, force: true });

    // Run 2 (10% removed, 5% added) on machine 2 alone.
    const second = range(40, 420);
    await source(second);
    const two = worker(2);
    const twoName = await two.ready;
    const run2 = await queueRun();
    expect(await claimedBy(run2)).toBe(twoName);
    await succeeded(run2);
    expect(await emails()).toEqual(second.map(sha).sort());
    await stopWorkerMachine(two);

    // Run 3 on machine 3, killed with SIGKILL half way through; machine 1 (back, without its disk) takes it over.
    const third = range(200, 700);
    await source(third);
    await slowAnswers(emulator, 100);
    const three = worker(3);
    const threeName = await three.ready;
    const before = (await emulatorStats(emulator)).mapping_rows_received;
    const run3 = await queueRun();
    expect(await claimedBy(run3)).toBe(threeName);
    await expect
      .poll(async () => (await emulatorStats(emulator)).mapping_rows_received, {
        timeout: 60_000,
        interval: 25,
      })
      .toBeGreaterThanOrEqual(before + 100);
    await stopWorkerMachine(three, 'SIGKILL');
    await slowAnswers(emulator, 0);
    expect((await row(run3))?.status).toBe('running');
    // Stands in for the two minutes a dead worker's lease takes to run out.
    await store.query(`UPDATE workflows SET lease_until = now() - interval '1 second' WHERE id = $1`, [run3]);
    expect(existsSync(join(dir, 'machine-1'))).toBe(false);
    const again = worker(1);
    const againName = await again.ready;
    // Its start-up recovery finds the run whose lease ran out and claims it (a takeover: the second run).
    await expect
      .poll(async () => (await row(run3))?.claimed_by ?? null, { timeout: 120_000, interval: 200 })
      .toBe(againName);
    await succeeded(run3);
    expect((await row(run3))?.runs).toBe(2);
    expect(await emails()).toEqual(third.map(sha).sort());

    // Run 4 with machines 1 and 2 alive at once: one of them runs it, once.
    const fourth = range(600, 1000);
    await source(fourth);
    const twoAgain = worker(2);
    await twoAgain.ready;
    const run4 = await queueRun();
    await succeeded(run4);
    expect((await row(run4))?.runs).toBe(1);
    expect(await emails()).toEqual(fourth.map(sha).sort());
    await Promise.all([stopWorkerMachine(again), stopWorkerMachine(twoAgain)]);
    // No worker keeps a snapshot or plan on its disk: they are blobs of the store.
    const blobs = await store.query<{ name: string }>(`SELECT name FROM blobs WHERE name LIKE 'audiences/%'`);
    expect(blobs.map((r) => r.name)).toHaveLength(1);
  }, 300_000);
});
