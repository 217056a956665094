import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCredentialAccess } from '../config/index.js';
import { ADVERTISER, APP, EVENT_SET, FOREIGN_ADVERTISER } from '../config/control-plane.test-support.js';
import { TEST_ENGINES } from '../store/store.test-support.js';
import { openRouteHarness, PUBLIC_URL, type RouteHarness } from './route-harness.test-support.js';

describe.each(TEST_ENGINES)('control-plane API on %s', (engine) => {
  let h: RouteHarness;
  beforeAll(async () => {
    h = await openRouteHarness(engine);
  });
  afterAll(async () => {
    await h?.close();
  });
  const admin = (method: string, path: string, body?: unknown) => h.call(method, path, h.adminKey, body);
  const user = (method: string, path: string, body?: unknown) => h.call(method, path, h.userKey, body);

  /** Creates a credential and authorizes it through the API and the emulator's consent page. */
  async function authorized(name: string): Promise<string> {
    const created = await admin('POST', '/api/credentials', {
      name,
      appId: APP.app_id,
      appSecret: APP.secret,
    });
    expect(created.status).toBe(200);
    const link = await admin('POST', `/api/credentials/${created.body.id}/authorization-link`);
    const back = await h.consent(link.body.url);
    expect((await h.call('GET', `${back.pathname}${back.search}`)).status).toBe(200);
    return created.body.id;
  }

  it('lists and revokes outstanding authorization links; a revoked link answers a refusal page', async () => {
    const created = await admin('POST', '/api/credentials', {
      name: 'Revoked links',
      appId: APP.app_id,
      appSecret: APP.secret,
    });
    const id = String(created.body.id);
    const first = await admin('POST', `/api/credentials/${id}/authorization-link`);
    const second = await admin('POST', `/api/credentials/${id}/authorization-link`);
    const firstId = String(first.body.linkId);
    expect((await admin('POST', `/api/credentials/${id}/authorization-link?ttlHours=169`)).status).toBe(400);
    const listed = await admin('GET', `/api/credentials/${id}/authorization-links`);
    expect((listed.body.links as { id: string }[]).map((l) => l.id).sort()).toEqual(
      [first.body.linkId, second.body.linkId].sort(),
    );
    const one = await admin('DELETE', `/api/credentials/${id}/authorization-links/${firstId}`);
    expect(one.body).toEqual({ revoked: [firstId] });
    expect((await admin('DELETE', `/api/credentials/${id}/authorization-links/${firstId}`)).status).toBe(404);
    const back = await h.consent(first.body.url);
    const page = await h.call('GET', `${back.pathname}${back.search}`);
    expect(page.status).toBe(400);
    expect(page.text).toMatch(/Authorization refused[\s\S]*revoked by an admin/);
    expect((await admin('DELETE', `/api/credentials/${id}/authorization-links`)).body).toEqual({
      revoked: [second.body.linkId],
    });
    expect((await admin('GET', `/api/credentials/${id}/authorization-links`)).body).toEqual({ links: [] });
    expect((await admin('GET', `/api/credentials/${id}`)).body.status).toBe('pending');
  });

  it('authorizes a credential through the link, the consent page and the callback', async () => {
    const created = await admin('POST', '/api/credentials', {
      name: 'TikTok US',
      appId: APP.app_id,
      appSecret: APP.secret,
    });
    expect(created.body).toMatchObject({ status: 'pending', hasAppSecret: true, hasAccessToken: false });
    expect(created.body).not.toHaveProperty('appSecret');
    const link = await admin('POST', `/api/credentials/${created.body.id}/authorization-link?ttlHours=2`);
    expect(link.body.redirectUri).toBe(`${PUBLIC_URL}/oauth/callback`);
    expect(new Date(link.body.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(2 * 3_600_000);

    // Whoever opens the link consents; TikTok sends the browser to our callback with auth_code and state.
    const back = await h.consent(link.body.url);
    expect(`${back.origin}${back.pathname}`).toBe(`${PUBLIC_URL}/oauth/callback`);
    expect(back.searchParams.get('auth_code')).toBeTruthy();
    const page = await h.call('GET', `${back.pathname}${back.search}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.text).toMatch(/<h1>Authorized<\/h1>/);
    expect(page.text).toContain('Demo Brand US');

    const shown = await admin('GET', `/api/credentials/${created.body.id}`);
    expect(shown.body).toMatchObject({ status: 'authorized', hasAccessToken: true });
    expect(shown.body.advertisers.map((a: { advertiserId: string }) => a.advertiserId)).toContain(ADVERTISER);

    // The same state again is refused with the reason, and so is a forged one.
    const replay = await h.call('GET', `${back.pathname}${back.search}`);
    expect(replay.status).toBe(400);
    expect(replay.text).toMatch(/Authorization refused[\s\S]*already used/);
    const forged = new URLSearchParams(back.search);
    forged.set('state', `${forged.get('state')}x`);
    expect((await h.call('GET', `/oauth/callback?${forged.toString()}`)).text).toMatch(/not valid/);
    expect((await h.call('GET', '/oauth/callback?state=abc')).text).toMatch(/no authorization code/);
    // A fresh state with an auth code TikTok never issued: TikTok refuses the exchange.
    const fresh = await admin('POST', `/api/credentials/${created.body.id}/authorization-link`);
    const state = new URL(fresh.body.url).searchParams.get('state') ?? '';
    const badCode = await h.call('GET', `/oauth/callback?auth_code=made-up&state=${state}`);
    expect(badCode.status).toBe(502);
    expect(badCode.text).toMatch(/TikTok refused to grant the token/);

    // Reauthorize: a new link whose callback replaces the token on the same credential.
    const again = await admin('POST', `/api/credentials/${created.body.id}/reauthorize`);
    expect(again.body.credential).toMatchObject({ id: created.body.id, status: 'authorized' });
    const back2 = await h.consent(again.body.url);
    expect((await h.call('GET', `${back2.pathname}${back2.search}`)).text).toMatch(/reauthorized/);
    const checked = await admin('POST', `/api/credentials/${created.body.id}/check`);
    expect(checked.body.status).toBe('authorized');
    expect(typeof checked.body.lastCheckedAt).toBe('string');
  });

  it('refuses an Analyst on the callback page, saying why', async () => {
    const created = await admin('POST', '/api/credentials', {
      name: 'Analyst',
      appId: APP.app_id,
      appSecret: APP.secret,
    });
    const link = await admin('POST', `/api/credentials/${created.body.id}/authorization-link`);
    const back = await h.consent(link.body.url, 'analyst');
    const page = await h.call('GET', `${back.pathname}${back.search}`);
    expect(page.status).toBe(403);
    expect(page.text).toMatch(/Analyst role/);
    expect((await admin('GET', `/api/credentials/${created.body.id}`)).body.status).toBe('invalid');
  });

  it('lets business users see only open destinations and templates, never credentials', async () => {
    const credentialId = await authorized('Roles');
    const open = await admin('POST', '/api/destinations', {
      plugin: 'tiktok_custom_audiences',
      name: 'Audiences (open)',
      credentialId,
      businessUserAccess: true,
      settings: { advertiserId: ADVERTISER },
    });
    expect(open.status).toBe(200);
    expect(open.body.connection.ok).toBe(true);
    const closed = await admin('POST', '/api/destinations', {
      plugin: 'tiktok_events',
      name: 'Events (admins)',
      credentialId,
      settings: { advertiserId: ADVERTISER, eventSetId: EVENT_SET },
    });
    expect(closed.status).toBe(200);
    const openTpl = await admin('POST', '/api/templates', {
      destinationId: open.body.destination.id,
      name: 'Loyal customers',
      businessUserAccess: true,
      settings: { customAudienceName: 'Loyal customers' },
    });
    expect(openTpl.status).toBe(200);
    const closedTpl = await admin('POST', '/api/templates', {
      destinationId: closed.body.destination.id,
      name: 'Store purchases',
    });
    expect(closedTpl.status).toBe(200);

    expect((await user('GET', '/api/credentials')).status).toBe(403);
    expect((await user('GET', `/api/credentials/${credentialId}`)).status).toBe(403);
    expect((await user('POST', `/api/credentials/${credentialId}/authorization-link`)).status).toBe(403);
    const listed = await user('GET', '/api/destinations');
    expect(listed.body.destinations.map((d: { name: string }) => d.name)).toEqual(['Audiences (open)']);
    expect(listed.text).not.toContain(credentialId);
    expect((await user('GET', `/api/destinations/${closed.body.destination.id}`)).status).toBe(404);
    expect((await user('GET', `/api/destinations/${open.body.destination.id}`)).body).not.toHaveProperty(
      'credentialId',
    );
    expect((await user('POST', `/api/destinations/${open.body.destination.id}/test`)).status).toBe(403);
    const templates = await user('GET', '/api/templates');
    expect(templates.body.templates.map((t: { name: string }) => t.name)).toEqual(['Loyal customers']);
    expect((await user('GET', `/api/templates/${closedTpl.body.template.id}`)).status).toBe(404);
    expect((await admin('GET', '/api/templates')).body.templates).toHaveLength(2);

    // Admins: test, update, and deletions refused while something uses the object.
    expect((await admin('POST', `/api/destinations/${closed.body.destination.id}/test`)).body.ok).toBe(true);
    const renamed = await admin('PATCH', `/api/destinations/${open.body.destination.id}`, {
      description: 'For marketing',
    });
    expect(renamed.body.destination).toMatchObject({
      description: 'For marketing',
      businessUserAccess: true,
    });
    const inUse = await admin('DELETE', `/api/credentials/${credentialId}`);
    expect(inUse.status).toBe(409);
    expect((await admin('DELETE', `/api/templates/${closedTpl.body.template.id}`)).body.deleted).toBe(true);
    expect((await admin('DELETE', `/api/destinations/${closed.body.destination.id}`)).status).toBe(200);
  });

  it('answers bad input with a 4xx naming the field', async () => {
    const credentialId = await authorized('Validation');
    const badApp = await admin('POST', '/api/credentials', { name: 'x', appId: 'abc', appSecret: 's' });
    expect(badApp.status).toBe(400);
    expect(badApp.body.error).toMatch(/body\.appId/);
    const taken = await admin('POST', '/api/credentials', {
      name: 'Validation',
      appId: APP.app_id,
      appSecret: 's',
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatch(/^body\.name: /);
    const badAdvertiser = await admin('POST', '/api/destinations', {
      plugin: 'tiktok_custom_audiences',
      name: 'Bad',
      credentialId,
      settings: { advertiserId: '123' },
    });
    expect(badAdvertiser.status).toBe(400);
    expect(badAdvertiser.body.error).toMatch(/body\.settings\.advertiserId: .*nineteen-digit/);
    const badPlugin = await admin('POST', '/api/destinations', { plugin: 'nope', name: 'x', credentialId });
    expect(badPlugin.body.error).toMatch(/body\.plugin/);
    const noCredential = await admin('POST', '/api/destinations', {
      plugin: 'tiktok_custom_audiences',
      name: 'No credential',
      credentialId: 'cred_missing',
    });
    expect(noCredential.status).toBe(400);
    expect(noCredential.body.error).toMatch(/body\.credentialId: credential cred_missing does not exist/);
    const foreign = await admin('POST', '/api/destinations', {
      plugin: 'tiktok_custom_audiences',
      name: 'Foreign',
      credentialId,
      settings: { advertiserId: FOREIGN_ADVERTISER },
    });
    expect(foreign.status).toBe(422);
    expect(foreign.body.details.report).toMatchObject({ ok: false, problem: 'advertiser_not_authorized' });
    const dest = await admin('POST', '/api/destinations', {
      plugin: 'tiktok_custom_audiences',
      name: 'Campaigns',
      credentialId,
      availableToCampaigns: true,
      settings: { advertiserId: ADVERTISER },
    });
    const incomplete = await admin('POST', '/api/templates', {
      destinationId: dest.body.destination.id,
      name: 'For campaigns',
      availableToCampaigns: true,
    });
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.error).toMatch(/body\.settings\.customAudienceName/);
    expect((await admin('GET', '/api/credentials/cred_nope')).status).toBe(404);
    const badLimit = await admin('GET', '/api/workflows?status=running,bogus');
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error).toMatch(/query\.status/);
    const notJson = await admin('POST', '/api/credentials', '{');
    expect(notJson.status).toBe(400);
  });

  it('describes the plugins as JSON Schema with help texts for generated forms', async () => {
    const res = await user('GET', '/api/plugins');
    expect(res.status).toBe(200);
    const audiences = res.body.plugins.find((p) => p.id === 'tiktok_custom_audiences');
    const field = audiences?.fields.find((f) => f.key === 'advertiserId');
    expect(field?.help).toMatch(/nineteen-character/);
    expect(field?.schema).toMatchObject({ type: 'string', pattern: '^\\d{19}$' });
    expect(audiences?.destinationSchema.properties.settings.properties).toHaveProperty('customAudienceName');
    // The event set id of web events is their pixel code: the form must not insist on nineteen digits.
    const events = res.body.plugins.find((p) => p.id === 'tiktok_events');
    const eventSet = events?.fields.find((f) => f.key === 'eventSetId');
    expect(eventSet?.help).toMatch(/Web events: the pixel code/);
    expect(eventSet?.schema).not.toHaveProperty('pattern');
    expect(events?.requiredSettings).toEqual(['advertiserId', 'eventSource', 'eventSetId']);
    expect(res.body).not.toHaveProperty('credentialSchema');
    expect((await admin('GET', '/api/plugins')).body.credentialSchema.required).toContain('appSecret');
  });

  it('lists the new paths in the OpenAPI document, with the callback public', async () => {
    const doc = (await h.call('GET', '/openapi.json')).body as unknown as {
      paths: Record<string, Record<string, { security?: unknown[]; 'x-roles'?: string[] }>>;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/credentials',
        '/api/credentials/{id}',
        '/api/credentials/{id}/authorization-link',
        '/api/credentials/{id}/reauthorize',
        '/api/credentials/{id}/check',
        '/oauth/callback',
        '/api/destinations',
        '/api/destinations/{id}',
        '/api/destinations/{id}/test',
        '/api/templates',
        '/api/templates/{id}',
        '/api/plugins',
        '/api/workflows',
        '/api/workflows/{id}',
        '/api/workflows/{id}/resolve',
      ]),
    );
    expect(doc.paths['/oauth/callback']?.get?.security).toEqual([]);
    expect(doc.paths['/api/credentials']?.get?.['x-roles']).toEqual(['admin']);
  });

  // Last: looks through every answer given by the tests above.
  it('never answers or logs a token, an app secret or an auth code', async () => {
    const credentials = (await admin('GET', '/api/credentials')).body.credentials as { id: string }[];
    const secrets = new Set<string>([APP.secret, ...h.authCodes]);
    expect(h.authCodes.length).toBeGreaterThan(3);
    for (const c of credentials) {
      const access = await getCredentialAccess(h.fx.deps, c.id).catch(() => undefined);
      if (access) secrets.add(access.accessToken);
    }
    expect(secrets.size).toBeGreaterThan(1);
    const everything = [...h.answers, ...h.fx.logLines].join('\n');
    expect(h.answers.length).toBeGreaterThan(40);
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });
});
