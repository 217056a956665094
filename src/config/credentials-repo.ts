import type { Queryable } from '../store/store.js';
import { NotFoundError } from './errors.js';

/** `pending`: never authorized; `authorized`: a token that worked when last checked; `invalid`: see reason. */
export type CredentialStatus = 'pending' | 'authorized' | 'invalid';

/** An ad account the credential's token is authorized for. */
export interface CredentialAdvertiser {
  advertiserId: string;
  name: string;
  /** Whether the authorizing user may change data (Operator/Admin); null when not checked. */
  canWrite: boolean | null;
}

/** A credential as shown to users: secrets are never included, only whether they are set. */
export interface Credential {
  id: string;
  name: string;
  appId: string;
  hasAppSecret: boolean;
  hasAccessToken: boolean;
  status: CredentialStatus;
  /** Why the credential is invalid (or why the last authorization was refused). */
  statusReason: string | null;
  advertisers: CredentialAdvertiser[];
  /** TikTok's scope ids granted with the token. */
  scope: (number | string)[];
  authorizedAt: Date | null;
  lastCheckedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The stored row, encrypted secrets included: stays inside src/config. */
export interface CredentialRow {
  id: string;
  name: string;
  app_id: string;
  app_secret_enc: string;
  access_token_enc: string | null;
  advertisers: CredentialAdvertiser[];
  scope: (number | string)[];
  status: CredentialStatus;
  status_reason: string | null;
  authorized_at: Date | null;
  last_checked_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS =
  'id, name, app_id, app_secret_enc, access_token_enc, advertisers, scope, status, status_reason, ' +
  'authorized_at, last_checked_at, created_at, updated_at';

/** Contexts bound to each encrypted column, so a value moved to another row or column fails to decrypt. */
export const secretContext = {
  appSecret: (id: string) => `credential:${id}:app_secret`,
  accessToken: (id: string) => `credential:${id}:access_token`,
};

/** The public view of a row. */
export function toCredential(row: CredentialRow): Credential {
  return {
    id: row.id,
    name: row.name,
    appId: row.app_id,
    hasAppSecret: row.app_secret_enc !== '',
    hasAccessToken: row.access_token_enc !== null,
    status: row.status,
    statusReason: row.status_reason,
    advertisers: row.advertisers,
    scope: row.scope,
    authorizedAt: row.authorized_at,
    lastCheckedAt: row.last_checked_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The row, or a {@link NotFoundError}. */
export async function loadCredentialRow(db: Queryable, id: string): Promise<CredentialRow> {
  const row = await db.queryOne<CredentialRow>(`SELECT ${COLUMNS} FROM credentials WHERE id = $1`, [id]);
  if (!row) throw new NotFoundError('credential', id);
  return row;
}

/** Every row, by name. */
export async function loadCredentialRows(db: Queryable): Promise<CredentialRow[]> {
  return db.query<CredentialRow>(`SELECT ${COLUMNS} FROM credentials ORDER BY name, id`);
}

/** Fields of a row that change together; unset fields are left as they are. */
export interface CredentialPatch {
  name?: string;
  appId?: string;
  appSecretEnc?: string;
  accessTokenEnc?: string | null;
  advertisers?: CredentialAdvertiser[];
  scope?: (number | string)[];
  status?: CredentialStatus;
  statusReason?: string | null;
  authorizedAt?: Date | null;
  lastCheckedAt?: Date | null;
}

const PATCH_COLUMNS: Record<keyof CredentialPatch, string> = {
  name: 'name',
  appId: 'app_id',
  appSecretEnc: 'app_secret_enc',
  accessTokenEnc: 'access_token_enc',
  advertisers: 'advertisers',
  scope: 'scope',
  status: 'status',
  statusReason: 'status_reason',
  authorizedAt: 'authorized_at',
  lastCheckedAt: 'last_checked_at',
};

const JSON_FIELDS = new Set<keyof CredentialPatch>(['advertisers', 'scope']);

/** Applies a patch and returns the updated row, or a {@link NotFoundError}. */
export async function patchCredentialRow(
  db: Queryable,
  id: string,
  patch: CredentialPatch,
  now: Date,
): Promise<CredentialRow> {
  const sets: string[] = [];
  const params: unknown[] = [id, now];
  for (const key of Object.keys(patch) as (keyof CredentialPatch)[]) {
    const value = patch[key];
    if (value === undefined) continue;
    params.push(JSON_FIELDS.has(key) ? JSON.stringify(value) : value);
    sets.push(`${PATCH_COLUMNS[key]} = $${params.length}${JSON_FIELDS.has(key) ? '::jsonb' : ''}`);
  }
  const row = await db.queryOne<CredentialRow>(
    `UPDATE credentials SET ${[...sets, 'updated_at = $2'].join(', ')} WHERE id = $1 RETURNING ${COLUMNS}`,
    params,
  );
  if (!row) throw new NotFoundError('credential', id);
  return row;
}

/** Inserts a new pending credential. */
export async function insertCredentialRow(
  db: Queryable,
  input: { id: string; name: string; appId: string; appSecretEnc: string },
  now: Date,
): Promise<CredentialRow> {
  const row = await db.queryOne<CredentialRow>(
    `INSERT INTO credentials (id, name, app_id, app_secret_enc, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $5) RETURNING ${COLUMNS}`,
    [input.id, input.name, input.appId, input.appSecretEnc, now],
  );
  return row!;
}
