import { builtInDestinations, tiktokEvents } from '../destinations/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMULATOR_DEFAULTS } from '../emulator/index.js';
import { TEST_ENGINES } from '../store/store.test-support.js';
import { ConnectionTestFailed } from './connection.js';
import { createCredential, getCredential, getCredentialAccess, type Credential } from './credentials.js';
import { secretContext } from './credentials-repo.js';
import {
  createDestination,
  deleteDestination,
  destinationSchema,
  getDestination,
  listDestinations,
  testDestination,
  updateDestination,
} from './destinations.js';
import { ConflictError, ValidationError } from './errors.js';
import { completeAuthorization, createAuthorizationLink } from './oauth.js';
import {
  ADVERTISER,
  ADVERTISER_2,
  APP,
  authorizedCredential,
  consent,
  EVENT_SET,
  FOREIGN_ADVERTISER,
  openFixture,
  PIXEL,
  REDIRECT_URI,
  type ControlPlaneFixture,
} from './control-plane.test-support.js';

const audience = (credentialId: string, over: Record<string, unknown> = {}) => ({
  name: `Audiences ${Math.random()}`,
  plugin: 'tiktok_custom_audiences' as const,
  credentialId,
  settings: { advertiserId: ADVERTISER, customAudienceName: 'Repeat buyers' },
  ...over,
});

async function failure(p: Promise<unknown>): Promise<ConnectionTestFailed> {
  const err = await p.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ConnectionTestFailed);
  return err as ConnectionTestFailed;
}

describe.each(TEST_ENGINES)('destinations on %s', (engine) => {
  let fx: ControlPlaneFixture;
  let cred: Credential;
  beforeAll(async () => {
    fx = await openFixture(engine);
    cred = await authorizedCredential(fx.deps);
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('saves a custom audiences destination after a passing connection test', async () => {
    const { destination, connection } = await createDestination(fx.deps, {
      ...audience(cred.id),
      description: 'Send custom audiences to TikTok Ads Manager.',
      businessUserAccess: true,
      availableToCampaigns: true,
    });
    expect(destination).toMatchObject({
      plugin: 'tiktok_custom_audiences',
      credentialId: cred.id,
      settings: { advertiserId: ADVERTISER, customAudienceName: 'Repeat buyers' },
      businessUserAccess: true,
      availableToCampaigns: true,
    });
    expect(destination.id).toMatch(/^dst_/);
    expect(connection?.ok).toBe(true);
    expect(connection?.checks.map((c) => [c.check, c.status])).toEqual([
      ['credential', 'passed'],
      ['token', 'passed'],
      ['advertiser', 'passed'],
      ['role', 'passed'],
    ]);
    expect(destination.lastTestedAt).toEqual(connection?.testedAt);
    expect(await getDestination(fx.store, destination.id)).toEqual(destination);
    expect((await listDestinations(fx.store, { availableToCampaigns: true })).map((d) => d.id)).toContain(
      destination.id,
    );
  });

  it('saves an offline events destination whose event set exists', async () => {
    const { connection } = await createDestination(fx.deps, {
      name: 'Offline events',
      plugin: 'tiktok_events',
      credentialId: cred.id,
      settings: { advertiserId: ADVERTISER, eventSetId: EVENT_SET, eventSource: 'offline' },
    });
    expect(connection?.checks.at(-1)).toMatchObject({ check: 'event_source', status: 'passed' });
    const events = (await (await fetch(`${fx.emulator.url}/_emulator/events`)).json()) as {
      events: unknown[];
    };
    expect(events.events).toEqual([]);
    const web = await createDestination(fx.deps, {
      name: 'Web events',
      plugin: 'tiktok_events',
      credentialId: cred.id,
      settings: { advertiserId: ADVERTISER, eventSource: 'web', pixelCode: PIXEL },
    });
    expect(web.connection?.ok).toBe(true);
  });

  it('saves a web events destination with its pixel code as the event set id, and nothing else', async () => {
    const settings = { advertiserId: ADVERTISER, eventSource: 'web' as const, eventSetId: PIXEL };
    expect(
      destinationSchema(tiktokEvents).safeParse({
        name: 'x',
        plugin: 'tiktok_events',
        credentialId: cred.id,
        settings,
      }).success,
    ).toBe(true);
    const { destination, connection } = await createDestination(fx.deps, {
      name: 'Web events by pixel',
      plugin: 'tiktok_events',
      credentialId: cred.id,
      settings,
    });
    expect(destination.settings).toEqual(settings);
    expect(connection?.checks.at(-1)).toMatchObject({
      check: 'event_source',
      status: 'passed',
      detail: expect.stringContaining(`pixel ${PIXEL}`) as string,
    });
    // An offline event set id is no pixel: refused before any call, on the field to fix.
    const err = await createDestination(fx.deps, {
      name: 'Web events by event set',
      plugin: 'tiktok_events',
      credentialId: cred.id,
      settings: { ...settings, eventSetId: EVENT_SET },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues).toEqual([
      {
        path: 'settings.eventSetId',
        message: expect.stringMatching(/event set ID is the pixel code/) as string,
      },
    ]);
  });

  it('refuses an event set that does not exist', async () => {
    const err = await failure(
      createDestination(fx.deps, {
        name: 'Missing event set',
        plugin: 'tiktok_events',
        credentialId: cred.id,
        settings: { advertiserId: ADVERTISER, eventSetId: '7300000000000000999' },
      }),
    );
    expect(err.report.problem).toBe('event_set_not_found');
    expect(err.status).toBe(422);
    expect(await listDestinations(fx.store, { plugin: 'tiktok_events' })).not.toContainEqual(
      expect.objectContaining({ name: 'Missing event set' }),
    );
  });

  it('refuses advertisers that do not exist or are not authorized', async () => {
    const missing = await failure(
      createDestination(fx.deps, audience(cred.id, { settings: { advertiserId: '7299999999999999999' } })),
    );
    expect(missing.report.problem).toBe('advertiser_not_found');
    expect(missing.report.checks.at(-1)).toMatchObject({ check: 'advertiser', status: 'failed' });
    const foreign = await failure(
      createDestination(fx.deps, audience(cred.id, { settings: { advertiserId: FOREIGN_ADVERTISER } })),
    );
    expect(foreign.report.problem).toBe('advertiser_not_authorized');
    const extra = await failure(
      createDestination(
        fx.deps,
        audience(cred.id, {
          settings: { advertiserId: ADVERTISER, additionalAdvertiserIds: [ADVERTISER_2, FOREIGN_ADVERTISER] },
        }),
      ),
    );
    expect(extra.report.message).toContain(FOREIGN_ADVERTISER);
  });

  it('refuses a token whose user lost write access (Analyst)', async () => {
    const c = await authorizedCredential(fx.deps, 'Downgraded');
    // The user was an Operator when authorizing; now TikTok sees the Analyst's rights.
    await fx.store.query('UPDATE credentials SET access_token_enc = $2 WHERE id = $1', [
      c.id,
      fx.deps.secrets.encrypt(EMULATOR_DEFAULTS.tokens.analyst, secretContext.accessToken(c.id)),
    ]);
    const err = await failure(createDestination(fx.deps, audience(c.id)));
    expect(err.report.problem).toBe('insufficient_role');
    expect(err.report.checks.at(-1)).toMatchObject({ check: 'role', status: 'failed' });
    expect(err.message).toMatch(/Operator/);
  });

  it('refuses a revoked token and marks the credential invalid', async () => {
    const c = await authorizedCredential(fx.deps, 'To revoke');
    const { accessToken } = await getCredentialAccess(fx.deps, c.id);
    await fx.deps.tiktok.revokeToken({ appId: APP.app_id, secret: APP.secret, accessToken });
    const err = await failure(createDestination(fx.deps, audience(c.id)));
    expect(err.report.problem).toBe('invalid_credentials');
    expect((await getCredential(fx.store, c.id)).status).toBe('invalid');
    const pending = await createCredential(fx.deps, {
      name: 'Never authorized',
      appId: APP.app_id,
      appSecret: APP.secret,
    });
    expect((await failure(createDestination(fx.deps, audience(pending.id)))).report.problem).toBe(
      'credential_not_authorized',
    );
  });

  it('keeps working after the credential is reauthorized (same id, new token)', async () => {
    const c = await authorizedCredential(fx.deps, 'Reauthorized');
    const { destination } = await createDestination(fx.deps, audience(c.id));
    const { accessToken } = await getCredentialAccess(fx.deps, c.id);
    await fx.deps.tiktok.revokeToken({ appId: APP.app_id, secret: APP.secret, accessToken });
    expect((await testDestination(fx.deps, destination.id)).problem).toBe('invalid_credentials');
    const link = await createAuthorizationLink(fx.deps, { credentialId: c.id, redirectUri: REDIRECT_URI });
    await completeAuthorization(fx.deps, await consent(link.url));
    const report = await testDestination(fx.deps, destination.id);
    expect(report.ok).toBe(true);
    expect((await getDestination(fx.store, destination.id)).credentialId).toBe(c.id);
  });

  it('validates input by the plugin schema and names the field', async () => {
    const bad = await createDestination(
      fx.deps,
      audience(cred.id, { settings: { advertiserId: '123', userIdTypes: ['EMAIL', 'SMS'] } }),
    ).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ValidationError);
    expect((bad as ValidationError).issues.map((i) => i.path)).toEqual([
      'settings.advertiserId',
      'settings.userIdTypes.1',
    ]);
    const campaigns = await createDestination(fx.deps, {
      name: 'Events for campaigns',
      plugin: 'tiktok_events',
      credentialId: cred.id,
      availableToCampaigns: true,
    }).catch((e: unknown) => e);
    expect((campaigns as ValidationError).issues).toEqual([
      {
        path: 'availableToCampaigns',
        message: 'offline events are sent by orchestrations only, never by campaigns',
      },
    ]);
    const unknown = await createDestination(fx.deps, audience('cred_nope')).catch((e: unknown) => e);
    expect((unknown as ValidationError).issues[0]?.path).toBe('credentialId');
  });

  it('updates without a new test when only names or flags change, and refuses duplicate names', async () => {
    const { destination } = await createDestination(fx.deps, audience(cred.id, { name: 'Updatable' }));
    await createDestination(fx.deps, audience(cred.id, { name: 'Other name' }));
    const renamed = await updateDestination(fx.deps, destination.id, {
      name: 'Updated',
      businessUserAccess: true,
    });
    expect(renamed.connection).toBeNull();
    expect(renamed.destination).toMatchObject({
      name: 'Updated',
      businessUserAccess: true,
      settings: destination.settings,
    });
    const moved = await updateDestination(fx.deps, destination.id, {
      settings: { advertiserId: ADVERTISER_2 },
    });
    expect(moved.connection?.ok).toBe(true);
    expect(moved.destination.settings).toEqual({ advertiserId: ADVERTISER_2 });
    await expect(updateDestination(fx.deps, destination.id, { name: 'Other name' })).rejects.toBeInstanceOf(
      ConflictError,
    );
    await expect(
      updateDestination(fx.deps, destination.id, { settings: { advertiserId: FOREIGN_ADVERTISER } }),
    ).rejects.toBeInstanceOf(ConnectionTestFailed);
    expect((await getDestination(fx.store, destination.id)).settings).toEqual({ advertiserId: ADVERTISER_2 });
    await deleteDestination(fx.store, destination.id);
    await expect(getDestination(fx.store, destination.id)).rejects.toThrow(/does not exist/);
  });

  it('describes every field of the destination schemas', () => {
    for (const schema of builtInDestinations.map(destinationSchema)) {
      for (const [key, field] of Object.entries(schema.shape)) expect(field.description, key).toBeTruthy();
    }
  });
});
