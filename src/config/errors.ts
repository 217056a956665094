/**
 * Typed errors of the control plane. Each carries a stable `code` and the HTTP status the API should
 * answer with, so that the API and CLI map them without parsing messages. Messages never hold a
 * token, an app secret or an auth code.
 */
export class ConfigError extends Error {
  /** Stable machine-readable code, e.g. `not_found`, `oauth_state_reused`. */
  readonly code: string;
  /** HTTP status the API answers with. */
  readonly status: number;

  constructor(code: string, status: number, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.status = status;
  }
}

/** A credential, destination or data template that does not exist. */
export class NotFoundError extends ConfigError {
  constructor(
    readonly entity: 'credential' | 'destination' | 'data template',
    readonly id: string,
  ) {
    super('not_found', 404, `${entity} ${id} does not exist`);
  }
}

/** A name already taken, or a deletion refused because something still uses the object. */
export class ConflictError extends ConfigError {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super('conflict', 409, message);
  }
}

/** One problem with an input, named by its path (e.g. `settings.advertiserId`). */
export interface FieldIssue {
  path: string;
  message: string;
}

/**
 * Invalid input; `issues` names every field at fault. `cause` is the engine error behind an issue (a source
 * DuckDB or PostgreSQL could not read): its text is for admins, so the API tells business users less.
 */
export class ValidationError extends ConfigError {
  constructor(
    readonly issues: readonly FieldIssue[],
    options?: { cause?: unknown },
  ) {
    super('invalid_input', 400, issues.map((i) => `${i.path || 'input'}: ${i.message}`).join('; '), options);
  }
}

/** Why an OAuth `state` was refused. */
export type OAuthStateProblem = 'forged' | 'expired' | 'reused' | 'revoked';

/** Base of the three refusals of an OAuth callback's `state`. */
export class OAuthStateError extends ConfigError {
  constructor(
    readonly problem: OAuthStateProblem,
    message: string,
  ) {
    super(`oauth_state_${problem}`, 400, message);
  }
}

/** The state was not signed by us (tampered, truncated or made up). */
export class OAuthStateForged extends OAuthStateError {
  constructor() {
    super('forged', 'The authorization link is not valid (its state was not issued by ttads).');
  }
}

/** An admin revoked the link (or this store never issued it). */
export class OAuthStateRevoked extends OAuthStateError {
  constructor() {
    super(
      'revoked',
      'The authorization link was revoked by an admin of ttads; ask them for a new authorization link.',
    );
  }
}

/** The state's expiry has passed. */
export class OAuthStateExpired extends OAuthStateError {
  constructor(readonly expiredAt: Date) {
    super(
      'expired',
      `The authorization link expired at ${expiredAt.toISOString()}; generate a new authorization link.`,
    );
  }
}

/** The state was already used by an earlier callback (links are single use). */
export class OAuthStateReused extends OAuthStateError {
  constructor() {
    super(
      'reused',
      'The authorization link was already used; each link works once, so generate a new authorization link.',
    );
  }
}

/** Why an authorization was refused after TikTok granted a token. */
export type AuthorizationProblem = 'insufficient_role' | 'no_advertisers';

/** TikTok granted a token, but it cannot be used to send data (e.g. the user is an Analyst). */
export class AuthorizationRefused extends ConfigError {
  constructor(
    readonly problem: AuthorizationProblem,
    message: string,
  ) {
    super(`authorization_${problem}`, 403, message);
  }
}

/** A credential without a usable token: never authorized, or found invalid since. */
export class CredentialNotAuthorized extends ConfigError {
  constructor(
    readonly credentialId: string,
    readonly reason: string,
  ) {
    super('credential_not_authorized', 409, `credential ${credentialId} is not authorized: ${reason}`);
  }
}
