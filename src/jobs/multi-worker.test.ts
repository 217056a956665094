import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../store/store.js';
import { openTestStore, randomSchemaName, testDatabaseUrl } from '../store/store.test-support.js';
import { WorkflowEngine } from './engine.js';
import { StepRegistry } from './registry.js';

const ENTRY = fileURLToPath(new URL('./worker-main.test-support.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Worker {
  child: ChildProcess;
  ready: Promise<void>;
  exited: Promise<number | null>;
  stderr: string[];
}

function startWorker(name: string, schema: string): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    cwd: ROOT,
    env: {
      ...process.env,
      TEST_WORKER_DATABASE_URL: testDatabaseUrl(),
      TEST_WORKER_SCHEMA: schema,
      TEST_WORKER_NAME: name,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes(`ready ${name}`)) resolve();
    });
    void exited.then((code) => reject(new Error(`worker ${name} exited (${code}): ${stderr.join('')}`)));
  });
  return { child, ready, exited, stderr };
}

describe('two worker processes sharing one PostgreSQL', () => {
  let store: Store;
  let enqueuer: WorkflowEngine;
  let workers: Worker[] = [];
  const schema = randomSchemaName();

  beforeAll(async () => {
    store = await openTestStore('postgres', { schema });
    await store.exec(
      `CREATE TABLE test_step_runs (workflow_id text NOT NULL, step text NOT NULL, worker text NOT NULL)`,
    );
    // Enqueues only (like the API or the CLI); its registry just names the steps the workers run.
    const names = new StepRegistry()
      .register('count_a', () => Promise.reject(new Error('not run here')))
      .register('count_b', () => Promise.reject(new Error('not run here')));
    enqueuer = new WorkflowEngine({ store, registry: names, supervise: false, schedule: false });
    await enqueuer.start();
    workers = [startWorker('worker-1', schema), startWorker('worker-2', schema)];
    await Promise.all(workers.map((w) => w.ready));
  });
  afterAll(async () => {
    for (const w of workers) w.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));
    await enqueuer.stop({ graceful: false });
    await store.close();
  });

  it('runs each of ten queued workflows exactly once, on both workers', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const created = await enqueuer.create({
        kind: 'test',
        steps: ['count_a', 'count_b'],
        settings: { sleepMs: 150 },
      });
      ids.push(created.id);
      // A second job for the same workflow under another key: pg-boss will not de-duplicate it, so
      // only the database claim stands between the two workers and a double run.
      await enqueuer.boss.send(
        enqueuer.queue,
        { workflowId: created.id },
        { singletonKey: `${created.id}-again` },
      );
    }

    await expect
      .poll(
        async () =>
          (
            await store.query<{ n: number }>(`SELECT count(*) AS n FROM workflows WHERE status = 'succeeded'`)
          )[0]?.n,
        { timeout: 30_000, interval: 200 },
      )
      .toBe(10);

    const runs = await store.query<{ workflow_id: string; step: string; n: number }>(
      `SELECT workflow_id, step, count(*) AS n FROM test_step_runs GROUP BY workflow_id, step ORDER BY workflow_id, step`,
    );
    expect(runs).toHaveLength(20);
    expect(runs.every((r) => r.n === 1)).toBe(true);
    expect(new Set(runs.map((r) => r.workflow_id))).toEqual(new Set(ids));
    const byWorker = await store.query<{ worker: string; n: number }>(
      `SELECT worker, count(DISTINCT workflow_id) AS n FROM test_step_runs GROUP BY worker ORDER BY worker`,
    );
    expect(byWorker.map((r) => r.worker)).toEqual(['worker-1', 'worker-2']);
    // Both steps of a workflow ran on the worker that claimed it, and each workflow was claimed once.
    const split = await store.query(
      `SELECT workflow_id FROM test_step_runs GROUP BY workflow_id HAVING count(DISTINCT worker) > 1`,
    );
    expect(split).toEqual([]);
    expect(
      (await store.query<{ runs: number }>('SELECT runs FROM workflows')).every((w) => w.runs === 1),
    ).toBe(true);
  });
});
