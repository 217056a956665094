import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Logger } from '../logger.js';
import type { Json, JsonObject, WorkflowActionType, WorkflowRecord, WorkflowStatus } from './types.js';

/** The header carrying a notification's signature: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export const SIGNATURE_HEADER = 'X-Ttads-Signature';

/**
 * The JSON body POSTed to the webhook when a workflow stops. It carries ids, statuses and codes only: no
 * source text, file path, personal data, token or engine message (a chat channel or a log collector is
 * no place for them). The receiver looks the workflow up in ttads for the detail.
 */
export interface WorkflowNotification {
  event: 'workflow.action_required' | 'workflow.failed';
  /** ISO 8601. */
  at: string;
  workflow: {
    id: string;
    kind: string;
    /** The ids the workflow runs for (orchestrationId, campaignId, destinationId, templateId). */
    subject: Record<string, string>;
    status: WorkflowStatus;
    currentStep: string | null;
    createdAt: string;
  };
  /** The workflow action's code and the step that stopped, and the TikTok error code if any. */
  action?: { type: WorkflowActionType; step: string; code?: number | string };
  /** A failed workflow's error code, when it has one (never its message). */
  error?: { code: number | string };
}

/** Tells someone that a workflow stopped. Never throws. */
export type Notifier = (workflow: WorkflowRecord) => Promise<void>;

const ID_VALUE = /^[\w.:-]{1,128}$/;

/** A code as stored (TikTok's 40105, `source_unreadable`...), or undefined for anything that is not one. */
function codeOf(error: JsonObject | null | undefined): number | string | undefined {
  const code: Json | undefined = error?.code;
  if (typeof code === 'number' && Number.isFinite(code)) return code;
  if (typeof code === 'string' && /^[\w.-]{1,64}$/.test(code)) return code;
  return undefined;
}

/** The notification of a stopped workflow: ids, statuses and codes, nothing else. */
export function notificationFor(workflow: WorkflowRecord, at: Date): WorkflowNotification {
  const subject = Object.fromEntries(
    Object.entries(workflow.subject).filter(
      (e): e is [string, string] => /Id$/.test(e[0]) && typeof e[1] === 'string' && ID_VALUE.test(e[1]),
    ),
  );
  const actionCode = codeOf(workflow.action?.error);
  const errorCode = codeOf(workflow.error);
  return {
    event: workflow.status === 'action_required' ? 'workflow.action_required' : 'workflow.failed',
    at: at.toISOString(),
    workflow: {
      id: workflow.id,
      kind: workflow.kind,
      subject,
      status: workflow.status,
      currentStep: workflow.currentStep,
      createdAt: workflow.createdAt.toISOString(),
    },
    ...(workflow.action
      ? {
          action: {
            type: workflow.action.type,
            step: workflow.action.step,
            ...(actionCode !== undefined ? { code: actionCode } : {}),
          },
        }
      : {}),
    ...(errorCode !== undefined ? { error: { code: errorCode } } : {}),
  };
}

function hmacHex(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The {@link SIGNATURE_HEADER} value of `body` sent at `timestamp` (unix seconds). */
export function signWebhookBody(secret: string, body: string, timestamp: number): string {
  return `t=${timestamp},v1=${hmacHex(secret, timestamp, body)}`;
}

/**
 * What a receiver does with a notification: recomputes HMAC-SHA256 over `<t>.<raw body>` with the shared
 * secret, compares in constant time, and refuses a timestamp more than `toleranceSeconds` from its clock
 * (a replayed old notification).
 */
export function verifyWebhookSignature(
  secret: string,
  body: string,
  header: string | null | undefined,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const parts = new Map(
    (header ?? '').split(',').map((p) => {
      const eq = p.indexOf('=');
      return [p.slice(0, eq).trim(), p.slice(eq + 1).trim()] as const;
    }),
  );
  const t = Number(parts.get('t'));
  const given = Buffer.from(parts.get('v1') ?? '', 'hex');
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(hmacHex(secret, t, body), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Where notifications go and the secret that signs them. */
export interface WebhookTarget {
  url: string;
  secret: string;
}

/**
 * The webhook of a process from `--webhook-url`/`TTADS_WEBHOOK_URL` and `--webhook-secret`/
 * `TTADS_WEBHOOK_SECRET`. A URL without a secret is refused: receivers could not tell ttads from anyone.
 * @throws Error named UsageError
 */
export function webhookTarget(
  url: string | undefined,
  secret: string | undefined,
): WebhookTarget | undefined {
  if (!url) return undefined;
  if (!secret || secret.length < 16) {
    throw Object.assign(
      new Error(
        'A webhook needs a secret of at least 16 characters to sign its notifications: set --webhook-secret ' +
          'or TTADS_WEBHOOK_SECRET (e.g. `openssl rand -hex 32`) and give the receiver the same secret.',
      ),
      { name: 'UsageError' },
    );
  }
  return { url, secret };
}

/** Options of {@link createWebhookNotifier}. */
export interface WebhookOptions extends WebhookTarget {
  logger: Logger;
  /** Of one attempt; default 10 s. */
  timeoutMs?: number;
  /** Attempts in all (default 4): a refused connection, a timeout, a 429 or a 5xx is tried again. */
  attempts?: number;
  /** Wait before the second attempt (default 1 s), doubled each time, at most 30 s. */
  backoffMs?: number;
  fetch?: typeof fetch;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * POSTs a signed {@link WorkflowNotification} to a webhook for each stopped workflow, retrying a failed
 * delivery with exponential backoff a bounded number of times. A webhook that still fails is logged and
 * otherwise ignored: notifications never fail a workflow. Each attempt is signed with its own timestamp.
 */
export function createWebhookNotifier(opts: WebhookOptions): Notifier {
  const target = new URL(opts.url);
  const doFetch = opts.fetch ?? globalThis.fetch;
  const now = opts.now ?? (() => new Date());
  const sleep = opts.sleep ?? pause;
  const attempts = Math.max(1, opts.attempts ?? 4);
  const log = opts.logger.child({ webhook: target.origin });
  return async (workflow) => {
    const body = JSON.stringify(notificationFor(workflow, now()));
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      let retry: boolean;
      try {
        const timestamp = Math.floor(Date.now() / 1000);
        const res = await doFetch(target, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'ttads-workflows',
            [SIGNATURE_HEADER]: signWebhookBody(opts.secret, body, timestamp),
          },
          body,
          signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
        });
        await res.body?.cancel().catch(() => undefined);
        if (res.ok) return;
        retry = res.status >= 500 || res.status === 429;
        log.warn(
          { workflowId: workflow.id, httpStatus: res.status, attempt },
          'webhook refused the notification',
        );
      } catch (err) {
        retry = true;
        log.warn(
          { workflowId: workflow.id, attempt, error: err instanceof Error ? err.message : String(err) },
          'could not deliver the workflow notification',
        );
      }
      if (!retry || attempt === attempts) return;
      await sleep(Math.min(30_000, (opts.backoffMs ?? 1000) * 2 ** (attempt - 1)));
    }
  };
}
