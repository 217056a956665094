import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Queryable } from '../store/store.js';
import { OAuthStateExpired, OAuthStateForged, OAuthStateReused } from './errors.js';

/** What a signed OAuth `state` carries. It holds no secret: the link is meant to be shared. */
export interface OAuthStatePayload {
  credentialId: string;
  /** Random, single use: recorded when the callback consumes it. */
  nonce: string;
  /** Epoch milliseconds after which the state is refused. */
  expiresAt: number;
}

/** Purpose passed to `SecretBox.deriveKey` for the state-signing key. */
export const OAUTH_STATE_KEY_PURPOSE = 'oauth-state/v1';

function mac(key: Buffer, body: string): Buffer {
  return createHmac('sha256', key).update(body).digest();
}

/** A fresh nonce (128 random bits). */
export function newNonce(): string {
  return randomBytes(16).toString('base64url');
}

/** `<base64url JSON>.<base64url HMAC-SHA256>`: URL-safe, so it travels as is in the `state` parameter. */
export function signState(key: Buffer, payload: OAuthStatePayload): string {
  const body = Buffer.from(
    JSON.stringify({ c: payload.credentialId, n: payload.nonce, e: payload.expiresAt }),
  ).toString('base64url');
  return `${body}.${mac(key, body).toString('base64url')}`;
}

function readPayload(body: string): OAuthStatePayload | undefined {
  try {
    const raw = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
    const { c, n, e } = raw;
    if (typeof c === 'string' && typeof n === 'string' && typeof e === 'number' && Number.isFinite(e)) {
      return { credentialId: c, nonce: n, expiresAt: e };
    }
  } catch {
    // falls through to undefined: malformed
  }
  return undefined;
}

/**
 * Checks the signature (constant time), then the expiry. Does not consume the nonce: see
 * {@link consumeStateNonce}.
 * @throws OAuthStateForged when the state was not signed with `key` or is malformed.
 * @throws OAuthStateExpired when `now` is past its expiry.
 */
export function verifyState(key: Buffer, state: string, now: number): OAuthStatePayload {
  const dot = state.indexOf('.');
  if (dot <= 0 || dot !== state.lastIndexOf('.')) throw new OAuthStateForged();
  const body = state.slice(0, dot);
  const given = Buffer.from(state.slice(dot + 1), 'base64url');
  const expected = mac(key, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new OAuthStateForged();
  const payload = readPayload(body);
  if (!payload) throw new OAuthStateForged();
  if (now >= payload.expiresAt) throw new OAuthStateExpired(new Date(payload.expiresAt));
  return payload;
}

/**
 * Records the nonce as used; a second callback with the same state (a replay, or two at once) finds it
 * and is refused. Nonces of expired states are purged on the way: their states are refused by expiry.
 * @throws OAuthStateReused when the nonce was already consumed.
 */
export async function consumeStateNonce(
  db: Queryable,
  payload: OAuthStatePayload,
  now: number,
): Promise<void> {
  await db.query('DELETE FROM oauth_state_nonces WHERE expires_at < $1', [new Date(now)]);
  const row = await db.queryOne(
    `INSERT INTO oauth_state_nonces (nonce, credential_id, expires_at, consumed_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (nonce) DO NOTHING RETURNING nonce`,
    [payload.nonce, payload.credentialId, new Date(payload.expiresAt), new Date(now)],
  );
  if (!row) throw new OAuthStateReused();
}
