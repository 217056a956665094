import { TtadsError, type TtadsErrorSpec } from '../errors.js';

/**
 * Typed errors of the control plane: the {@link TtadsError}s of credentials, destinations, templates and
 * their authorization. Messages never hold a token, an app secret or an auth code.
 */
export class ConfigError extends TtadsError {
  constructor(message: string, spec: TtadsErrorSpec) {
    super(message, spec);
  }

  /** The HTTP status the API answers with (an alias of `httpStatus`, the name the control plane used). */
  get status(): number {
    return this.httpStatus;
  }
}

/** A credential, destination or data template that does not exist. */
export class NotFoundError extends ConfigError {
  constructor(
    readonly entity: 'credential' | 'destination' | 'data template',
    readonly id: string,
  ) {
    super(`${entity} ${id} does not exist`, { code: 'not_found', kind: 'not_found' });
  }
}

/** A name already taken, or a deletion refused because something still uses the object. */
export class ConflictError extends ConfigError {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message, { code: 'conflict', kind: 'conflict' });
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
    super(issues.map((i) => `${i.path || 'input'}: ${i.message}`).join('; '), {
      code: 'invalid_input',
      kind: 'fix_input',
      cause: options?.cause,
    });
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
    super(message, { code: `oauth_state_${problem}`, kind: 'fix_input' });
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
    super(message, { code: `authorization_${problem}`, kind: 'fix_permissions' });
  }
}

/** A credential without a usable token: never authorized, or found invalid since. */
export class CredentialNotAuthorized extends ConfigError {
  constructor(
    readonly credentialId: string,
    readonly reason: string,
  ) {
    super(`credential ${credentialId} is not authorized: ${reason}`, {
      code: 'credential_not_authorized',
      kind: 'fix_credentials',
    });
  }
}
