import type { ErrorKind, WorkflowActionType } from '../errors.js';
import type { TikTokErrorCategory } from './classify.js';

/** What the caller (or the user, through a workflow action) should do about an error. */
export type ErrorAction =
  'retry' | 'reauthorize' | 'fix_permissions' | 'fix_configuration' | 'fix_input' | 'investigate';

/** How each category of TikTok failure is reported by every face (CLI, API, workflows). */
export interface Guidance {
  remedy: ErrorAction;
  /** The family's kind: fixes the exit code. */
  kind: ErrorKind;
  /** The workflow action a step failing this way calls for; none: it retries or just fails. */
  action?: WorkflowActionType;
  hint: string;
}

/** One entry per category of {@link TikTokErrorCategory}, from TikTok's code table. */
export const GUIDANCE: Readonly<Record<TikTokErrorCategory, Guidance>> = {
  rate_limited: {
    remedy: 'retry',
    kind: 'retry',
    hint:
      "TikTok throttled the app's requests (its QPS or QPM quota); runs wait and continue. Lower the tier " +
      'setting if several apps or tools share this app, or ask TikTok for a higher tier.',
  },
  daily_limit: {
    remedy: 'retry',
    kind: 'action_required',
    action: 'tiktok_daily_limit',
    hint: "The app's daily quota (QPD) is spent; it resets at 00:00 UTC, when the run can continue.",
  },
  transient: {
    remedy: 'retry',
    kind: 'retry',
    hint: 'TikTok or the network failed temporarily; retry later.',
  },
  invalid_credentials: {
    remedy: 'reauthorize',
    kind: 'fix_credentials',
    action: 'invalid_credentials',
    hint: 'The access token or app credentials are invalid, expired or revoked; reauthorize the credential.',
  },
  app_invalid: {
    remedy: 'fix_configuration',
    kind: 'fix_input',
    hint:
      'TikTok does not accept this app for the call (app not found, not activated, or the token belongs to ' +
      'another app); check the app id and secret of the credential. Reauthorizing the same app does not help.',
  },
  app_not_allowlisted: {
    remedy: 'fix_configuration',
    kind: 'fix_input',
    action: 'app_not_approved',
    hint:
      'The TikTok app is not approved (allowlisted) for this API; the Segment (audience) API needs TikTok’s ' +
      'approval. Ask your TikTok representative to allowlist the app, or use an app that is.',
  },
  missing_scope: {
    remedy: 'fix_configuration',
    kind: 'fix_input',
    action: 'missing_scope',
    hint:
      'The authorization lacks a scope this call needs (Audience Management or Reporting/Events); enable the ' +
      'scope for the app in the TikTok developer portal, then reauthorize.',
  },
  missing_permission: {
    remedy: 'fix_permissions',
    kind: 'fix_permissions',
    action: 'missing_advertiser_permissions',
    hint:
      'The authorizing user lacks permission on this advertiser (Operator or Admin role and the audience/event ' +
      'scopes are required); reauthorize with a user that has the Operator role.',
  },
  advertiser_not_found: {
    remedy: 'fix_configuration',
    kind: 'fix_input',
    action: 'advertiser_not_found',
    hint: 'The advertiser id does not exist or is not authorized for this credential; check the advertiser id.',
  },
  invalid_request: {
    remedy: 'fix_input',
    kind: 'fix_input',
    hint: 'TikTok rejected the content of the request; fix the field named in the message.',
  },
  unknown: {
    remedy: 'investigate',
    kind: 'fix_input',
    hint: 'TikTok answered with an unexpected code; check the request id with TikTok support.',
  },
};
