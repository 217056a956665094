import type { AppControlDeps } from '../orchestrations/index.js';
import type { WorkflowEngine } from '../jobs/index.js';

/** What the local control API works on: this process's store and, to resolve and run, an engine. */
export interface LocalControl {
  control: AppControlDeps;
  /**
   * A started workflow engine with the steps of orchestrations and campaigns; `work`: it also runs workflows
   * in this process. The API stops it after use. Absent: workflows cannot be resolved or run.
   */
  engine?: ((opts: { work: boolean }) => Promise<WorkflowEngine>) | undefined;
  /** The store is the embedded one (runs happen in this process, as no worker can open it). */
  embedded: boolean;
}

/** Runs `fn` with a started engine of `local`, then stops it. */
export async function withEngine<T>(
  local: LocalControl,
  work: boolean,
  fn: (engine: WorkflowEngine) => Promise<T>,
): Promise<T> {
  if (!local.engine) throw new Error('no workflow engine in this context');
  const engine = await local.engine({ work });
  try {
    return await fn(engine);
  } finally {
    await engine.stop(work ? { timeoutMs: 10_000 } : { graceful: false, timeoutMs: 5000 });
  }
}
