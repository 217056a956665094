import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Queryable } from '../store/store.js';

/** admin: everything. business_user: only what is opened to business users and campaigns; never credentials. */
export type ApiRole = 'admin' | 'business_user';
export const API_ROLES: readonly ApiRole[] = ['admin', 'business_user'];

/** An API key as listed: never the key itself. */
export interface ApiKeyInfo {
  id: string;
  name: string;
  role: ApiRole;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const PREFIX = 'ttads_';
const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex');

/** Creates a key; the returned `key` is the only time it exists in clear text. */
export async function createApiKey(
  db: Queryable,
  input: { name: string; role: ApiRole },
): Promise<{ id: string; key: string }> {
  if (!API_ROLES.includes(input.role)) throw new Error(`role must be one of ${API_ROLES.join(', ')}`);
  if (input.name.trim() === '') throw new Error('an API key needs a name');
  const id = randomUUID();
  const key = `${PREFIX}${randomBytes(32).toString('base64url')}`;
  await db.query(`INSERT INTO api_keys (id, name, role, key_hash) VALUES ($1, $2, $3, $4)`, [
    id,
    input.name.trim(),
    input.role,
    hashKey(key),
  ]);
  return { id, key };
}

/** The key's identity and role, or undefined for an unknown or revoked key. */
export async function verifyApiKey(
  db: Queryable,
  key: string,
): Promise<{ id: string; role: ApiRole } | undefined> {
  if (!key.startsWith(PREFIX)) return undefined;
  const row = await db.queryOne<{ id: string; role: ApiRole }>(
    `UPDATE api_keys SET last_used_at = now() WHERE key_hash = $1 AND revoked_at IS NULL RETURNING id, role`,
    [hashKey(key)],
  );
  return row ?? undefined;
}

/** Every key, newest first. */
export async function listApiKeys(db: Queryable): Promise<ApiKeyInfo[]> {
  const rows = await db.query<{
    id: string;
    name: string;
    role: ApiRole;
    created_at: Date;
    last_used_at: Date | null;
    revoked_at: Date | null;
  }>(`SELECT id, name, role, created_at, last_used_at, revoked_at FROM api_keys ORDER BY created_at DESC`);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    role: r.role,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  }));
}

/** Revokes a key at once; returns false when there is no such active key. */
export async function revokeApiKey(db: Queryable, id: string): Promise<boolean> {
  const rows = await db.query(
    `UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id`,
    [id],
  );
  return rows.length > 0;
}
