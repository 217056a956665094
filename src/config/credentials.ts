import { z } from 'zod';
import type { Queryable } from '../store/store.js';
import {
  insertCredentialRow,
  loadCredentialRow,
  loadCredentialRows,
  patchCredentialRow,
  secretContext,
  toCredential,
  type Credential,
} from './credentials-repo.js';
import { asConflict, newId } from './db.js';
import { clockOf, type ControlPlaneDeps } from './deps.js';
import { parseInput } from './validate.js';

export type { Credential, CredentialAdvertiser, CredentialStatus } from './credentials-repo.js';
export * from './credential-access.js';

const appId = z
  .string()
  .trim()
  .regex(/^\d{1,32}$/, 'an app id is a number, e.g. 7000000000000000001')
  .describe('App ID of the TikTok for Business developer app (Developer portal, My apps)');
const appSecret = z
  .string()
  .trim()
  .min(1)
  .max(512)
  .describe('Secret of the TikTok developer app; stored encrypted');
const name = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .describe('Name of the credential, unique, e.g. "TikTok Ads - US brand"');

/** Input of {@link createCredential}; the form of the web app is generated from it. */
export const credentialInputSchema = z.strictObject({ name, appId, appSecret });
/** Input of {@link updateCredential}: every field optional. */
export const credentialPatchSchema = z.strictObject({
  name: name.optional(),
  appId: appId.optional(),
  appSecret: appSecret.optional(),
});

export type CredentialInput = z.input<typeof credentialInputSchema>;
export type CredentialPatchInput = z.input<typeof credentialPatchSchema>;

const NAME_TAKEN = { unique: 'a credential with this name already exists', uniqueField: 'name' };

/** Creates a pending credential for a TikTok app; the secret is encrypted before it is stored. */
export async function createCredential(
  deps: Pick<ControlPlaneDeps, 'db' | 'secrets' | 'now' | 'logger'>,
  input: CredentialInput,
): Promise<Credential> {
  const data = parseInput(credentialInputSchema, input);
  const id = newId('cred');
  const appSecretEnc = deps.secrets.encrypt(data.appSecret, secretContext.appSecret(id));
  try {
    const row = await insertCredentialRow(
      deps.db,
      { id, name: data.name, appId: data.appId, appSecretEnc },
      new Date(clockOf(deps)()),
    );
    deps.logger?.info({ credentialId: id }, 'credential created');
    return toCredential(row);
  } catch (err) {
    throw asConflict(err, NAME_TAKEN);
  }
}

/**
 * Renames a credential, replaces its app secret, or changes its app id. A new app id drops the token and
 * the advertisers (they belong to the old app): the credential is pending until authorized again.
 */
export async function updateCredential(
  deps: Pick<ControlPlaneDeps, 'db' | 'secrets' | 'now'>,
  id: string,
  patch: CredentialPatchInput,
): Promise<Credential> {
  const data = parseInput(credentialPatchSchema, patch);
  const current = await loadCredentialRow(deps.db, id);
  const newApp = data.appId !== undefined && data.appId !== current.app_id;
  try {
    const row = await patchCredentialRow(
      deps.db,
      id,
      {
        ...(data.name !== undefined ? { name: data.name } : {}),
        ...(data.appSecret !== undefined
          ? { appSecretEnc: deps.secrets.encrypt(data.appSecret, secretContext.appSecret(id)) }
          : {}),
        ...(newApp
          ? {
              appId: data.appId,
              accessTokenEnc: null,
              advertisers: [],
              scope: [],
              status: 'pending' as const,
              statusReason: 'the app id changed: authorize again',
              authorizedAt: null,
            }
          : {}),
      },
      new Date(clockOf(deps)()),
    );
    return toCredential(row);
  } catch (err) {
    throw asConflict(err, NAME_TAKEN);
  }
}

/** One credential without its secrets. @throws NotFoundError */
export async function getCredential(db: Queryable, id: string): Promise<Credential> {
  return toCredential(await loadCredentialRow(db, id));
}

/** Every credential without secrets, by name. */
export async function listCredentials(db: Queryable): Promise<Credential[]> {
  return (await loadCredentialRows(db)).map(toCredential);
}

/** Deletes a credential no destination uses. @throws ConflictError when one does; NotFoundError */
export async function deleteCredential(db: Queryable, id: string): Promise<void> {
  try {
    const row = await db.queryOne('DELETE FROM credentials WHERE id = $1 RETURNING id', [id]);
    if (!row) await loadCredentialRow(db, id);
  } catch (err) {
    throw asConflict(err, {
      foreignKey: `credential ${id} is used by a destination; change or delete it first`,
    });
  }
}
