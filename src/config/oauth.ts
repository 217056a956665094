import { z } from 'zod';
import { InvalidCredentials, TikTokApiError, type TikTokClient } from '../tiktok/index.js';
import {
  loadCredentialRow,
  patchCredentialRow,
  secretContext,
  toCredential,
  type Credential,
  type CredentialAdvertiser,
  type CredentialRow,
} from './credentials-repo.js';
import { clockOf, type ControlPlaneDeps } from './deps.js';
import { AuthorizationRefused } from './errors.js';
import {
  consumeStateNonce,
  newNonce,
  OAUTH_STATE_KEY_PURPOSE,
  signState,
  verifyState,
} from './oauth-state.js';
import { assertLinkUsable, recordLink } from './oauth-links.js';
import { probeWriteAccess } from './role-probe.js';
import { parseInput } from './validate.js';

/** How long an authorization link works unless told otherwise: long enough to be sent to someone else. */
export const DEFAULT_LINK_TTL_MS = 72 * 60 * 60 * 1000;
/** The longest a link may work: a link is a bearer of the right to authorize, so it does not linger. */
export const MAX_LINK_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** Advertisers whose role is probed at authorization; the rest are checked when a destination is saved. */
export const MAX_ROLE_PROBES = 20;
const INFO_CHUNK = 100;

const linkInputSchema = z.strictObject({
  credentialId: z.string().min(1),
  redirectUri: z.url({ protocol: /^https?$/ }).describe('The OAuth callback URL of the ttads server'),
  ttlMs: z.number().int().positive().max(MAX_LINK_TTL_MS).optional(),
  /** Where the consent page lives, when not at the client's base URL. */
  portalBase: z.url().optional(),
});

/** A shareable authorization link: it holds no secret and works once, until `expiresAt` or revoked. */
export interface AuthorizationLink {
  /** The link's id, to revoke it (`DELETE /api/credentials/:id/authorization-links/:linkId`). */
  linkId: string;
  credentialId: string;
  url: string;
  state: string;
  expiresAt: Date;
}

/**
 * Builds the link the TikTok account holder opens (authorize or reauthorize: the same credential id). The
 * `state` is signed with a key derived from the secret key and names the credential, so whoever opens the
 * link, the callback knows which credential to update. The link is recorded so that an admin can revoke it.
 * @throws NotFoundError, ValidationError
 */
export async function createAuthorizationLink(
  deps: Pick<ControlPlaneDeps, 'db' | 'secrets' | 'tiktok' | 'now'>,
  input: z.input<typeof linkInputSchema>,
): Promise<AuthorizationLink> {
  const data = parseInput(linkInputSchema, input);
  const row = await loadCredentialRow(deps.db, data.credentialId);
  const issuedAt = clockOf(deps)();
  const expiresAt = issuedAt + (data.ttlMs ?? DEFAULT_LINK_TTL_MS);
  const payload = { credentialId: row.id, nonce: newNonce(), expiresAt };
  const state = signState(deps.secrets.deriveKey(OAUTH_STATE_KEY_PURPOSE), payload);
  await recordLink(deps.db, payload, issuedAt);
  const url = deps.tiktok.authorizeUrl({
    appId: row.app_id,
    state,
    redirectUri: data.redirectUri,
    ...(data.portalBase ? { portalBase: data.portalBase } : {}),
  });
  return { linkId: payload.nonce, credentialId: row.id, url, state, expiresAt: new Date(expiresAt) };
}

/** Outcome of {@link completeAuthorization}. */
export interface AuthorizationResult {
  credential: Credential;
  /** True when a token was replaced (the credential had been authorized before). */
  reauthorized: boolean;
}

async function advertiserNames(client: TikTokClient, ids: string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (let i = 0; i < ids.length; i += INFO_CHUNK) {
    for (const info of await client.getAdvertiserInfo(ids.slice(i, i + INFO_CHUNK))) {
      names.set(info.advertiserId, info.name);
    }
  }
  return names;
}

async function probeRoles(client: TikTokClient, ids: string[]): Promise<Map<string, boolean | null>> {
  const roles = new Map<string, boolean | null>();
  for (const id of ids.slice(0, MAX_ROLE_PROBES)) {
    try {
      roles.set(id, (await probeWriteAccess(client, id)) === 'write');
    } catch (err) {
      // An outage or an odd answer leaves the role unknown; saving a destination checks it again.
      if (!(err instanceof TikTokApiError)) throw err;
      roles.set(id, null);
    }
  }
  return roles;
}

function insufficientRole(advertisers: CredentialAdvertiser[]): AuthorizationRefused {
  const accounts = advertisers
    .map((a) => (a.name ? `${a.name} (${a.advertiserId})` : a.advertiserId))
    .join(', ');
  return new AuthorizationRefused(
    'insufficient_role',
    `The TikTok user who authorized has the Analyst role on ${accounts}: only the Operator or Admin role may ` +
      'send audiences and events. In TikTok Business Center, give that user the Operator role (recommended), or ' +
      'ask a user with the Operator or Admin role to open a new authorization link.',
  );
}

/** Records a refusal on a credential without a working token; an authorized one keeps its token and status. */
async function recordRefusal(
  deps: ControlPlaneDeps,
  row: CredentialRow,
  reason: string,
  now: Date,
): Promise<void> {
  if (row.status === 'authorized') return;
  await patchCredentialRow(
    deps.db,
    row.id,
    { status: 'invalid', statusReason: reason, lastCheckedAt: now },
    now,
  );
}

/**
 * The OAuth callback: checks the `state` (signature, expiry, not revoked, not used), exchanges the
 * `auth_code` for a token, then consumes the state: a failed exchange (a TikTok outage, a bad code) leaves
 * the link usable, while once TikTok accepted a code the link is spent whatever follows. It then records
 * the authorized advertisers and whether the user may write to each, and stores the token encrypted on the
 * same credential (reauthorization keeps the id, so destinations keep working).
 * Makes network calls: pass the store, not a transaction.
 * @throws OAuthStateForged | OAuthStateExpired | OAuthStateReused | OAuthStateRevoked for a bad state;
 *   AuthorizationRefused when no advertiser was authorized or the user is an Analyst on every one probed;
 *   NotFoundError when the credential was deleted; TikTokApiError when the exchange fails.
 */
export async function completeAuthorization(
  deps: ControlPlaneDeps,
  input: { state: string; authCode: string },
): Promise<AuthorizationResult> {
  const clock = clockOf(deps);
  const payload = verifyState(deps.secrets.deriveKey(OAUTH_STATE_KEY_PURPOSE), input.state, clock());
  const row = await loadCredentialRow(deps.db, payload.credentialId);
  await assertLinkUsable(deps.db, payload);
  const appSecret = deps.secrets.decrypt(row.app_secret_enc, secretContext.appSecret(row.id));
  const grant = await deps.tiktok
    .exchangeAuthCode({ appId: row.app_id, secret: appSecret, authCode: input.authCode })
    .catch(async (err: unknown) => {
      // 40101 is the credential's own fault (app id or secret); a bad auth code (40110) is not.
      if (err instanceof InvalidCredentials && err.tiktokCode === 40101) {
        const reason = 'TikTok refused the app id or app secret (40101): correct them, then authorize again';
        await recordRefusal(deps, row, reason, new Date(clock()));
      }
      throw err;
    });
  // TikTok accepted the code: the link is spent now (a revocation during the exchange still wins).
  await assertLinkUsable(deps.db, payload);
  await consumeStateNonce(deps.db, payload, clock());
  const now = new Date(clock());
  if (grant.advertiserIds.length === 0) {
    const refused = new AuthorizationRefused(
      'no_advertisers',
      'TikTok authorized no advertiser account: the user must select at least one ad account on the consent page.',
    );
    await recordRefusal(deps, row, refused.message, now);
    throw refused;
  }
  const client = deps.tiktok.withToken(grant.accessToken);
  const names = await advertiserNames(client, grant.advertiserIds);
  const roles = await probeRoles(client, grant.advertiserIds);
  const advertisers: CredentialAdvertiser[] = grant.advertiserIds.map((id) => ({
    advertiserId: id,
    name: names.get(id) ?? '',
    canWrite: roles.get(id) ?? null,
  }));
  const probed = advertisers.filter((a) => roles.has(a.advertiserId));
  if (probed.length > 0 && probed.every((a) => a.canWrite === false)) {
    const refused = insufficientRole(probed);
    await recordRefusal(deps, row, refused.message, now);
    deps.logger?.warn({ credentialId: row.id }, 'authorization refused: Analyst role');
    throw refused;
  }
  const updated = await patchCredentialRow(
    deps.db,
    row.id,
    {
      accessTokenEnc: deps.secrets.encrypt(grant.accessToken, secretContext.accessToken(row.id)),
      advertisers,
      scope: grant.scope,
      status: 'authorized',
      statusReason: null,
      authorizedAt: now,
      lastCheckedAt: now,
    },
    now,
  );
  const reauthorized = row.access_token_enc !== null;
  deps.logger?.info(
    { credentialId: row.id, advertisers: advertisers.length, reauthorized },
    'credential authorized',
  );
  return { credential: toCredential(updated), reauthorized };
}
