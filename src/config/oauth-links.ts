import type { Queryable } from '../store/store.js';
import { OAuthStateReused, OAuthStateRevoked } from './errors.js';
import type { OAuthStatePayload } from './oauth-state.js';

/** An authorization link not used, revoked or expired yet. Its id is its state's nonce. */
export interface OutstandingLink {
  id: string;
  credentialId: string;
  createdAt: Date;
  expiresAt: Date;
}

interface LinkRow {
  nonce: string;
  credential_id: string;
  created_at: Date;
  expires_at: Date;
}

// Outstanding: not revoked, not expired, and its nonce not consumed by a callback TikTok accepted.
const OUTSTANDING = `revoked_at IS NULL AND expires_at > $2
  AND NOT EXISTS (SELECT 1 FROM oauth_state_nonces n WHERE n.nonce = authorization_links.nonce)`;

/** Records a link as issued (createAuthorizationLink), so that it can be listed and revoked. */
export async function recordLink(db: Queryable, payload: OAuthStatePayload, now: number): Promise<void> {
  await db.query(
    'INSERT INTO authorization_links (nonce, credential_id, created_at, expires_at) VALUES ($1, $2, $3, $4)',
    [payload.nonce, payload.credentialId, new Date(now), new Date(payload.expiresAt)],
  );
}

/**
 * Checks that a callback's link may still be used: issued by this store and not revoked, and its nonce not
 * consumed yet. Expiry is the signed state's own (verifyState).
 * @throws OAuthStateRevoked for a revoked or unknown link; OAuthStateReused for a consumed one
 */
export async function assertLinkUsable(db: Queryable, payload: OAuthStatePayload): Promise<void> {
  const row = await db.queryOne<{ revoked: boolean; consumed: boolean }>(
    `SELECT revoked_at IS NOT NULL AS revoked,
       EXISTS (SELECT 1 FROM oauth_state_nonces n WHERE n.nonce = l.nonce) AS consumed
     FROM authorization_links l WHERE nonce = $1 AND credential_id = $2`,
    [payload.nonce, payload.credentialId],
  );
  // A link this store has no record of (deleted credential, older version) is refused like a revoked one.
  if (!row || row.revoked) throw new OAuthStateRevoked();
  if (row.consumed) throw new OAuthStateReused();
}

/** The credential's outstanding links, newest first. */
export async function listOutstandingLinks(
  db: Queryable,
  credentialId: string,
  now: number,
): Promise<OutstandingLink[]> {
  const rows = await db.query<LinkRow>(
    `SELECT nonce, credential_id, created_at, expires_at FROM authorization_links
     WHERE credential_id = $1 AND ${OUTSTANDING} ORDER BY created_at DESC, nonce`,
    [credentialId, new Date(now)],
  );
  return rows.map((r) => ({
    id: r.nonce,
    credentialId: r.credential_id,
    createdAt: new Date(r.created_at),
    expiresAt: new Date(r.expires_at),
  }));
}

/**
 * Revokes the credential's outstanding links (or only `linkId`): their callback is refused from now on,
 * even with a code TikTok would accept. Returns the ids revoked.
 */
export async function revokeLinks(
  db: Queryable,
  credentialId: string,
  now: number,
  linkId?: string,
): Promise<string[]> {
  const rows = await db.query<{ nonce: string }>(
    `UPDATE authorization_links SET revoked_at = $2
     WHERE credential_id = $1 AND ${OUTSTANDING} ${linkId ? 'AND nonce = $3' : ''} RETURNING nonce`,
    [credentialId, new Date(now), ...(linkId ? [linkId] : [])],
  );
  return rows.map((r) => r.nonce).sort();
}
