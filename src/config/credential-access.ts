import { InvalidCredentials, type TikTokClient } from '../tiktok/index.js';
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
import { CredentialNotAuthorized } from './errors.js';

/** The decrypted secrets of an authorized credential, for the engines. Never log or return them. */
export interface CredentialAccess {
  credentialId: string;
  appId: string;
  appSecret: string;
  accessToken: string;
}

function requireToken(row: CredentialRow): string {
  if (row.status === 'authorized' && row.access_token_enc !== null) return row.access_token_enc;
  const reason =
    row.status === 'pending'
      ? 'it was never authorized; open an authorization link'
      : (row.status_reason ?? 'reauthorize it');
  throw new CredentialNotAuthorized(row.id, reason);
}

/**
 * Decrypts the app secret and token of an authorized credential.
 * @throws CredentialNotAuthorized when pending or invalid; SecretDecryptError when the key changed.
 */
export async function getCredentialAccess(
  deps: Pick<ControlPlaneDeps, 'db' | 'secrets'>,
  id: string,
): Promise<CredentialAccess> {
  const row = await loadCredentialRow(deps.db, id);
  const tokenEnc = requireToken(row);
  return {
    credentialId: id,
    appId: row.app_id,
    appSecret: deps.secrets.decrypt(row.app_secret_enc, secretContext.appSecret(id)),
    accessToken: deps.secrets.decrypt(tokenEnc, secretContext.accessToken(id)),
  };
}

/** A TikTok client acting with the credential's token (reads the current token: reauthorization applies). */
export async function credentialClient(
  deps: Pick<ControlPlaneDeps, 'db' | 'secrets' | 'tiktok'>,
  id: string,
): Promise<TikTokClient> {
  return deps.tiktok.withToken((await getCredentialAccess(deps, id)).accessToken);
}

/** Marks a credential invalid (e.g. TikTok answered 40105 during a run); it stays so until reauthorized. */
export async function markCredentialInvalid(
  deps: Pick<ControlPlaneDeps, 'db' | 'now'>,
  id: string,
  reason: string,
): Promise<Credential> {
  const now = new Date(clockOf(deps)());
  return toCredential(
    await patchCredentialRow(
      deps.db,
      id,
      { status: 'invalid', statusReason: reason, lastCheckedAt: now },
      now,
    ),
  );
}

/**
 * Checks that the token still works (`oauth2/advertiser/get/` with the app's id and secret) and refreshes the
 * authorized advertisers and `lastCheckedAt`. An invalid or revoked token marks the credential invalid. A
 * pending credential is returned unchanged. Other TikTok errors (outage, throttling) are thrown unchanged.
 */
export async function checkCredential(deps: ControlPlaneDeps, id: string): Promise<Credential> {
  const row = await loadCredentialRow(deps.db, id);
  if (row.access_token_enc === null) return toCredential(row);
  const token = deps.secrets.decrypt(row.access_token_enc, secretContext.accessToken(id));
  const appSecret = deps.secrets.decrypt(row.app_secret_enc, secretContext.appSecret(id));
  const now = new Date(clockOf(deps)());
  try {
    const listed = await deps.tiktok
      .withToken(token)
      .getAuthorizedAdvertisers({ appId: row.app_id, secret: appSecret });
    const known = new Map(row.advertisers.map((a) => [a.advertiserId, a]));
    const advertisers: CredentialAdvertiser[] = listed.map((a) => ({
      advertiserId: a.advertiserId,
      name: a.advertiserName || (known.get(a.advertiserId)?.name ?? ''),
      canWrite: known.get(a.advertiserId)?.canWrite ?? null,
    }));
    // A token exists only after a successful authorization, so a working one means authorized again.
    return toCredential(
      await patchCredentialRow(
        deps.db,
        id,
        { advertisers, status: 'authorized', statusReason: null, lastCheckedAt: now },
        now,
      ),
    );
  } catch (err) {
    if (!(err instanceof InvalidCredentials)) throw err;
    const reason = `TikTok refused the token or app secret (${err.code ?? err.reason}): reauthorize the credential`;
    deps.logger?.warn({ credentialId: id, code: err.code }, 'credential invalid');
    return toCredential(
      await patchCredentialRow(
        deps.db,
        id,
        { status: 'invalid', statusReason: reason, lastCheckedAt: now },
        now,
      ),
    );
  }
}
