import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../store/store.js';
import { openTestStore, TEST_ENGINES } from '../store/store.test-support.js';
import {
  createCredential,
  deleteCredential,
  getCredential,
  getCredentialAccess,
  listCredentials,
  markCredentialInvalid,
  updateCredential,
} from './credentials.js';
import { ConflictError, CredentialNotAuthorized, NotFoundError, ValidationError } from './errors.js';
import {
  createSecretBox,
  generateSecretKey,
  parseSecretKey,
  SecretDecryptError,
  type SecretBox,
} from './secrets.js';

const SECRET = 'app-secret-value-123';

describe.each(TEST_ENGINES)('credentials on %s', (engine) => {
  let store: Store;
  let secrets: SecretBox;
  beforeAll(async () => {
    store = await openTestStore(engine);
    secrets = createSecretBox(parseSecretKey(generateSecretKey(), 'test'));
  });
  afterAll(async () => {
    await store.close();
  });
  const deps = () => ({ db: store, secrets });

  it('creates a pending credential and never returns its secret', async () => {
    const created = await createCredential(deps(), {
      name: ' Brand US ',
      appId: '7000000000000000001',
      appSecret: SECRET,
    });
    expect(created).toMatchObject({
      name: 'Brand US',
      appId: '7000000000000000001',
      status: 'pending',
      hasAppSecret: true,
      hasAccessToken: false,
      advertisers: [],
    });
    expect(created.id).toMatch(/^cred_[0-9a-f]{24}$/);
    const listed = await listCredentials(store);
    const shown = await getCredential(store, created.id);
    expect(JSON.stringify([created, listed, shown])).not.toContain(SECRET);
    expect(Object.keys(shown)).not.toContain('appSecret');
  });

  it('validates input and names the field', async () => {
    const err = await createCredential(deps(), { name: '', appId: 'abc', appSecret: SECRET }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues.map((i) => i.path)).toEqual(['name', 'appId']);
    expect((err as Error).message).not.toContain(SECRET);
  });

  it('refuses a second credential with the same name', async () => {
    await createCredential(deps(), { name: 'Twice', appId: '1', appSecret: SECRET });
    const err = await createCredential(deps(), { name: 'Twice', appId: '2', appSecret: SECRET }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).field).toBe('name');
  });

  it('renames, replaces the secret, and resets to pending when the app id changes', async () => {
    const c = await createCredential(deps(), { name: 'Editable', appId: '1', appSecret: SECRET });
    await store.query(`UPDATE credentials SET status = 'authorized', access_token_enc = 'x' WHERE id = $1`, [
      c.id,
    ]);
    const renamed = await updateCredential(deps(), c.id, { name: 'Edited', appSecret: 'new-secret' });
    expect(renamed).toMatchObject({ name: 'Edited', status: 'authorized', hasAccessToken: true });
    const row = await store.queryOne<{ app_secret_enc: string }>(
      'SELECT app_secret_enc FROM credentials WHERE id = $1',
      [c.id],
    );
    expect(secrets.decrypt(row!.app_secret_enc, `credential:${c.id}:app_secret`)).toBe('new-secret');
    const moved = await updateCredential(deps(), c.id, { appId: '2' });
    expect(moved).toMatchObject({ appId: '2', status: 'pending', hasAccessToken: false });
  });

  it('gives access only to authorized credentials', async () => {
    const c = await createCredential(deps(), { name: 'No token', appId: '1', appSecret: SECRET });
    const err = await getCredentialAccess(deps(), c.id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialNotAuthorized);
    expect((err as Error).message).toMatch(/never authorized/);
    const marked = await markCredentialInvalid(deps(), c.id, 'token revoked (40105)');
    expect(marked).toMatchObject({ status: 'invalid', statusReason: 'token revoked (40105)' });
    expect(marked.lastCheckedAt).toBeInstanceOf(Date);
  });

  it('explains a secret encrypted with another key', async () => {
    const c = await createCredential(deps(), { name: 'Other key', appId: '1', appSecret: SECRET });
    await store.query(`UPDATE credentials SET status = 'authorized', access_token_enc = $2 WHERE id = $1`, [
      c.id,
      secrets.encrypt('tok', `credential:${c.id}:access_token`),
    ]);
    const other = createSecretBox(parseSecretKey(generateSecretKey(), 'other'));
    await expect(getCredentialAccess({ db: store, secrets: other }, c.id)).rejects.toBeInstanceOf(
      SecretDecryptError,
    );
    expect((await getCredentialAccess(deps(), c.id)).accessToken).toBe('tok');
  });

  it('deletes an unused credential and refuses one a destination uses', async () => {
    const unused = await createCredential(deps(), { name: 'Unused', appId: '1', appSecret: SECRET });
    await deleteCredential(store, unused.id);
    await expect(getCredential(store, unused.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteCredential(store, unused.id)).rejects.toBeInstanceOf(NotFoundError);

    const used = await createCredential(deps(), { name: 'Used', appId: '1', appSecret: SECRET });
    await store.query(
      `INSERT INTO destinations (id, name, plugin, credential_id) VALUES ('dst_x', 'D', 'tiktok_custom_audiences', $1)`,
      [used.id],
    );
    await expect(deleteCredential(store, used.id)).rejects.toThrow(/used by a destination/);
    expect((await getCredential(store, used.id)).id).toBe(used.id);
  });
});
