import type { Logger } from '../logger.js';
import type { JsonObject, WorkflowAction, WorkflowRecord, WorkflowStatus } from './types.js';

/** The JSON body POSTed to the webhook when a workflow stops. */
export interface WorkflowNotification {
  event: 'workflow.action_required' | 'workflow.failed';
  /** ISO 8601. */
  at: string;
  workflow: {
    id: string;
    kind: string;
    subject: JsonObject;
    status: WorkflowStatus;
    currentStep: string | null;
    createdAt: string;
  };
  action?: WorkflowAction;
  error?: JsonObject;
}

/** Tells someone that a workflow stopped. Never throws. */
export type Notifier = (workflow: WorkflowRecord) => Promise<void>;

/** The notification of a stopped workflow. */
export function notificationFor(workflow: WorkflowRecord, at: Date): WorkflowNotification {
  return {
    event: workflow.status === 'action_required' ? 'workflow.action_required' : 'workflow.failed',
    at: at.toISOString(),
    workflow: {
      id: workflow.id,
      kind: workflow.kind,
      subject: workflow.subject,
      status: workflow.status,
      currentStep: workflow.currentStep,
      createdAt: workflow.createdAt.toISOString(),
    },
    ...(workflow.action ? { action: workflow.action } : {}),
    ...(workflow.error ? { error: workflow.error } : {}),
  };
}

/** Options of {@link createWebhookNotifier}. */
export interface WebhookOptions {
  /** The URL; it may hold a secret path (as chat webhooks do), so only its origin is ever logged. */
  url: string;
  logger: Logger;
  /** Default 10 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => Date;
}

/**
 * POSTs a {@link WorkflowNotification} to a webhook for each stopped workflow. A webhook that fails
 * (refused, non-2xx, timeout) is logged and otherwise ignored: notifications never fail a workflow.
 */
export function createWebhookNotifier(opts: WebhookOptions): Notifier {
  const target = new URL(opts.url);
  const doFetch = opts.fetch ?? globalThis.fetch;
  const now = opts.now ?? (() => new Date());
  const log = opts.logger.child({ webhook: target.origin });
  return async (workflow) => {
    try {
      const res = await doFetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'ttads-workflows' },
        body: JSON.stringify(notificationFor(workflow, now())),
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      });
      await res.body?.cancel().catch(() => undefined);
      if (!res.ok)
        log.warn({ workflowId: workflow.id, httpStatus: res.status }, 'webhook refused the notification');
    } catch (err) {
      log.warn(
        { workflowId: workflow.id, error: err instanceof Error ? err.message : String(err) },
        'could not deliver the workflow notification',
      );
    }
  };
}
