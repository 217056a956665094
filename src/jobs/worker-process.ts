import { silentLogger } from '../logger.js';
import { openStore, type OpenStoreOptions } from '../store/open.js';
import type { Store } from '../store/store.js';
import { WorkflowEngine, type WorkflowEngineOptions } from './engine.js';
import type { StepRegistry } from './registry.js';

/** Options of {@link startWorkerProcess}. */
export interface WorkerProcessOptions extends Omit<WorkflowEngineOptions, 'store' | 'registry'> {
  /** Where the store is; several processes share one PostgreSQL (PGlite is one process only). */
  store: OpenStoreOptions;
  /** Builds the steps once the store is open (the glue closes its dependencies over the store). */
  registry: (store: Store) => StepRegistry | Promise<StepRegistry>;
  /** Stop on SIGTERM/SIGINT, letting running workflows finish for up to `stopTimeoutMs` (default true). */
  handleSignals?: boolean;
  stopTimeoutMs?: number;
}

/** A running worker process. */
export interface WorkerProcess {
  engine: WorkflowEngine;
  store: Store;
  /** Stops the engine (gracefully) and closes the store. Safe to call twice. */
  shutdown(): Promise<void>;
}

/**
 * Opens the store and runs workflow workers in this process until `shutdown()` or a signal. Start as
 * many such processes as wanted against one PostgreSQL: the database claim keeps each workflow on
 * one worker at a time.
 */
export async function startWorkerProcess(opts: WorkerProcessOptions): Promise<WorkerProcess> {
  const { store: storeOptions, registry, handleSignals, stopTimeoutMs, ...engineOptions } = opts;
  const logger = opts.logger ?? silentLogger();
  const store = await openStore({ logger, ...storeOptions });
  let engine: WorkflowEngine;
  try {
    engine = new WorkflowEngine({ ...engineOptions, logger, store, registry: await registry(store) });
    await engine.start();
    await engine.work();
  } catch (err) {
    await store.close();
    throw err;
  }
  let stopping: Promise<void> | undefined;
  const shutdown = (): Promise<void> => {
    stopping ??= (async () => {
      try {
        await engine.stop({ timeoutMs: stopTimeoutMs ?? 30_000 });
      } finally {
        await store.close();
      }
    })();
    return stopping;
  };
  if (handleSignals ?? true) {
    const onSignal = (signal: NodeJS.Signals): void => {
      logger.info({ signal, worker: engine.worker }, 'stopping workflow worker');
      shutdown().then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err }, 'workflow worker did not stop cleanly');
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }
  logger.info({ worker: engine.worker, engine: store.engine }, 'workflow worker started');
  return { engine, store, shutdown };
}
