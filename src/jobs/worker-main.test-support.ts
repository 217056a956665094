// Test fixture, not product code: a workflow worker process for multi-worker.test.ts, started as
// `node --import tsx src/jobs/worker-main.test-support.ts` with TEST_WORKER_DATABASE_URL, TEST_WORKER_SCHEMA
// and TEST_WORKER_NAME. Its steps record each execution in the table `test_step_runs` (made by the test).
import { createLogger } from '../logger.js';
import { StepRegistry, type StepHandler } from './registry.js';
import { startWorkerProcess } from './worker-process.js';
import type { Store } from '../store/store.js';

const databaseUrl = process.env.TEST_WORKER_DATABASE_URL;
const schema = process.env.TEST_WORKER_SCHEMA;
const worker = process.env.TEST_WORKER_NAME ?? `worker-${process.pid}`;
if (!databaseUrl || !schema) throw new Error('TEST_WORKER_DATABASE_URL and TEST_WORKER_SCHEMA are required');

const counting =
  (store: Store, step: string): StepHandler =>
  async ({ workflow, settings }) => {
    await store.query('INSERT INTO test_step_runs (workflow_id, step, worker) VALUES ($1, $2, $3)', [
      workflow.id,
      step,
      worker,
    ]);
    // Long enough for the other worker to fetch the next workflow meanwhile.
    await new Promise((resolve) => setTimeout(resolve, Number(settings.sleepMs ?? 100)));
    return { worker };
  };

await startWorkerProcess({
  store: { databaseUrl, schema, poolSize: 3 },
  registry: (store) =>
    new StepRegistry()
      .register('count_a', counting(store, 'count_a'))
      .register('count_b', counting(store, 'count_b')),
  logger: createLogger({ level: process.env.TTADS_LOG_LEVEL ?? 'warn' }),
  worker,
  localConcurrency: 2,
  pollingIntervalSeconds: 0.5,
  supervise: false,
  schedule: false,
  recoverIntervalSeconds: 0,
  stopTimeoutMs: 5_000,
});
process.stdout.write(`ready ${worker}\n`);
