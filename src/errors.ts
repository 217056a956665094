/**
 * The one error family of ttads. Every error a module throws on purpose extends {@link TtadsError} and says,
 * once in its class, what it is (`code`), what to do about it (`kind`), and so how each face reports it: the
 * HTTP status the API answers with, the CLI's exit code (the README's "Exit codes" table) and, for a step
 * of a workflow, the action a person must take. The translators (server error handler, CLI `describeFailure`,
 * workflow `classifyStepError`) read these fields instead of testing classes one by one.
 *
 * Used by every layer, so this module imports nothing.
 */

/**
 * What to do about an error. Each kind fixes the exit code (see {@link EXIT_CODE_OF_KIND}) and a default HTTP
 * status; a class may answer with another status of the same meaning (e.g. 422 for a connection test).
 */
export type ErrorKind =
  /** The input, a setting or a flag is wrong: fix what the message names. */
  | 'fix_input'
  /** The thing named does not exist. */
  | 'not_found'
  /** The state of things refuses it (a name taken, a run already going, a lock held). */
  | 'conflict'
  /** The operator's setup is broken (the secret key): fix it on the server. */
  | 'fix_setup'
  /** A credential is missing, invalid or not authorized: reauthorize. */
  | 'fix_credentials'
  /** The user lacks a role or permission: grant it. */
  | 'fix_permissions'
  /** A person must handle a workflow action before it goes on. */
  | 'action_required'
  /** Something outside ttads failed for now (TikTok, the network, a database restarting): retry later. */
  | 'retry'
  /** A bug or an unexpected state: read the logs. */
  | 'internal';

/** Exit codes, as documented in the README's "Exit codes" table. */
export const EXIT_CODE_OF_KIND: Readonly<Record<ErrorKind, number>> = {
  fix_input: 2,
  not_found: 2,
  conflict: 2,
  fix_setup: 2,
  fix_credentials: 3,
  fix_permissions: 3,
  action_required: 3,
  retry: 4,
  internal: 1,
};

/** The HTTP status a kind answers with unless its class says otherwise. */
export const HTTP_STATUS_OF_KIND: Readonly<Record<ErrorKind, number>> = {
  fix_input: 400,
  not_found: 404,
  conflict: 409,
  fix_setup: 500,
  fix_credentials: 409,
  fix_permissions: 403,
  action_required: 409,
  retry: 503,
  internal: 500,
};

/**
 * The workflow actions a person can be asked to take (see `src/jobs/actions.ts` for their texts). Declared
 * here so that an engine's error can name the action it calls for without importing the workflow engine.
 */
export type WorkflowActionType =
  | 'advertiser_not_found'
  | 'invalid_credentials'
  | 'missing_advertiser_permissions'
  | 'maximum_audience_limit'
  | 'tiktok_unavailable'
  | 'invalid_input'
  | 'audience_owned'
  | 'app_not_approved'
  | 'missing_scope'
  | 'tiktok_daily_limit';

/** What a class declares about itself (or an instance, when it depends on the case). */
export interface TtadsErrorSpec {
  /** Stable machine-readable code in snake_case, e.g. `not_found`, `oauth_state_reused`. */
  code: string;
  kind: ErrorKind;
  /** Defaults to the kind's status ({@link HTTP_STATUS_OF_KIND}). */
  httpStatus?: number | undefined;
  /** What to do, in a sentence a user can act on. */
  hint?: string | undefined;
  /** The workflow action a step failing with this error calls for; none means the step just fails. */
  action?: WorkflowActionType | undefined;
  /** What the workflow action says happened, when a person there needs other words than the message. */
  actionDetail?: string | undefined;
  /** Safe, structured facts for API answers and workflow actions (ids, counts); never a secret or a row. */
  details?: Record<string, unknown> | undefined;
  /**
   * Set when the message may quote what an engine read (DuckDB quoting a file): the API gives business users
   * this instead, with a reference under which the message is logged; admins get the message.
   */
  publicMessage?: string | undefined;
  cause?: unknown;
}

/** Base of every error ttads throws on purpose. Messages never hold a token, an app secret or an auth code. */
export class TtadsError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly httpStatus: number;
  readonly hint: string | undefined;
  readonly action: WorkflowActionType | undefined;
  readonly actionDetail: string | undefined;
  readonly details: Record<string, unknown> | undefined;
  readonly publicMessage: string | undefined;

  constructor(message: string, spec: TtadsErrorSpec) {
    super(message, spec.cause === undefined ? undefined : { cause: spec.cause });
    this.name = new.target.name;
    this.code = spec.code;
    this.kind = spec.kind;
    this.httpStatus = spec.httpStatus ?? HTTP_STATUS_OF_KIND[spec.kind];
    this.hint = spec.hint;
    this.action = spec.action;
    this.actionDetail = spec.actionDetail;
    this.details = spec.details;
    this.publicMessage = spec.publicMessage;
  }

  /** The CLI's exit code, from the kind. */
  get exitCode(): number {
    return EXIT_CODE_OF_KIND[this.kind];
  }
}
