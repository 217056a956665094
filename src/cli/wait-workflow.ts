import { getWorkflowDetails, type WorkflowDetails } from '../jobs/index.js';
import type { Queryable } from '../store/store.js';

/**
 * Polls (through `show`: the store, or a server's API) until the workflow stops: succeeded, failed or action
 * required.
 */
export async function waitUntilStopped(
  show: (id: string) => Promise<WorkflowDetails>,
  id: string,
  timeoutMs = 30 * 60_000,
): Promise<WorkflowDetails> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const details = await show(id);
    if (!['queued', 'running'].includes(details.status)) return details;
    if (Date.now() > deadline) throw new Error(`workflow ${id} is still ${details.status}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Reads a workflow's details from a store, for {@link waitUntilStopped}. */
export function storeWorkflows(deps: { db: Queryable }): (id: string) => Promise<WorkflowDetails> {
  return async (id) => {
    const details = await getWorkflowDetails(deps.db, id);
    if (!details) throw new Error(`workflow ${id} disappeared`);
    return details;
  };
}
