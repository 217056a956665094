import { TtadsError } from '../errors.js';

/** Why a connection test failed; the same names as the workflow actions they lead to. */
export type ConnectionProblem =
  | 'credential_not_authorized'
  | 'invalid_credentials'
  | 'advertiser_not_found'
  | 'advertiser_not_authorized'
  | 'insufficient_role'
  | 'app_not_approved'
  | 'missing_scope'
  | 'event_set_not_found'
  | 'tiktok_unavailable'
  | 'tiktok_error';

/** One check of a connection test. `unknown`: TikTok's answer could not tell; `skipped`: nothing to check. */
export interface ConnectionCheck {
  check: 'credential' | 'token' | 'advertiser' | 'role' | 'event_source';
  status: 'passed' | 'failed' | 'skipped' | 'unknown';
  detail: string;
}

/** The outcome of a connection test; `problem` and `message` are set when `ok` is false. */
export interface ConnectionReport {
  ok: boolean;
  problem?: ConnectionProblem;
  message?: string;
  checks: ConnectionCheck[];
  testedAt: Date;
}

/**
 * Ends a connection test early with its problem; the test turns it into its failed report, never seen by a
 * user. A plugin's own connection check throws it too.
 */
export class ConnectionStop extends TtadsError {
  constructor(
    readonly problem: ConnectionProblem,
    readonly detail: string,
  ) {
    super(detail, { code: `connection_${problem}`, kind: 'internal' });
  }
}
