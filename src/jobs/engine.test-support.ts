// Helpers for the workflow tests (not used by product code).
import type { Store } from '../store/store.js';
import { WorkflowEngine, type WorkflowEngineOptions } from './engine.js';
import type { StepRegistry } from './registry.js';
import type { WorkflowDetails, WorkflowStatus } from './types.js';
import { getWorkflowDetails } from './workflow-repo.js';

/** An engine tuned for tests (fast polling, no retry waits, no background maintenance), started and working. */
export async function startTestEngine(
  store: Store,
  registry: StepRegistry,
  extra: Partial<WorkflowEngineOptions> = {},
): Promise<WorkflowEngine> {
  const engine = new WorkflowEngine({
    store,
    registry,
    pollingIntervalSeconds: 0.5,
    supervise: false,
    schedule: false,
    recoverIntervalSeconds: 0,
    retry: { attempts: 3, baseDelaySeconds: 0, maxDelaySeconds: 0 },
    ...extra,
  });
  await engine.start();
  await engine.work();
  return engine;
}

/** Waits until the workflow reaches one of `statuses` (polling the store), then returns it. */
export async function waitForStatus(
  store: Store,
  id: string,
  statuses: readonly WorkflowStatus[],
  timeoutMs = 20_000,
): Promise<WorkflowDetails> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const details = await getWorkflowDetails(store, id);
    if (details && statuses.includes(details.status)) return details;
    if (Date.now() > deadline) {
      throw new Error(`workflow ${id} is ${details?.status ?? 'missing'}, expected ${statuses.join('|')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Statuses where a workflow stays until someone acts. */
export const STOPPED: readonly WorkflowStatus[] = ['succeeded', 'failed', 'action_required'];
