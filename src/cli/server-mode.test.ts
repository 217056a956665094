import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADVERTISER, APP } from '../config/control-plane.test-support.js';
import { customersCsv } from '../orchestrations/run-fixture.test-support.js';
import { localContext } from './control-runtime.js';
import { destinationsShow } from './destinations-command.js';
import { startTestServer, ttads, type TestServer } from './server-mode.test-support.js';
import { templatesList } from './templates-command.js';

describe('control commands with --server against a running ttads serve', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  }, 180_000);
  afterAll(async () => {
    await server?.close();
  });

  /** A command against the server with the admin key (or `key`); TTADS_SERVER is left unset. */
  const remote = (args: string[], key?: string | null, env: Record<string, string | undefined> = {}) =>
    ttads([...args, '--server', server.url], {
      TTADS_SERVER: undefined,
      TTADS_API_KEY: key === null ? undefined : (key ?? server.adminKey),
      ...env,
    });
  /** The same command's text, printed by the local API on the server's own store. */
  const local = async (fn: (ctx: ReturnType<typeof localContext>) => Promise<unknown>): Promise<string> => {
    const out: string[] = [];
    await fn(localContext({ control: server.control, embedded: true }, (t) => out.push(t)));
    return `${out.join('\n')}\n`;
  };
  const idIn = (text: string, prefix: string): string =>
    new RegExp(`\\b(${prefix}_[A-Za-z0-9]+)`).exec(text)?.[1] ?? '';

  it('refuses clearly without TTADS_API_KEY, with a wrong key, and with a business-user key', async () => {
    const missing = await remote(['credentials', 'list'], null);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/--server needs an API key: set TTADS_API_KEY/);
    expect(missing.stdout).toBe('');

    const wrong = await remote(['credentials', 'list'], 'ttads_nope');
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toMatch(/Unknown or revoked API key[\s\S]*hint: The key in TTADS_API_KEY/);

    const business = await remote(['credentials', 'list'], server.businessKey);
    expect(business.code).toBe(3);
    expect(business.stderr).toMatch(/The business_user role cannot do this[\s\S]*hint: Use an admin API key/);
    expect((await remote(['apikey', 'create', '--name', 'sneaky'], server.businessKey)).code).toBe(3);

    const flags = await remote(['destinations', 'list', '--data-dir', server.dir]);
    expect(flags.code).toBe(2);
    expect(flags.stderr).toMatch(/--data-dir: the server uses its own settings/);

    const down = await ttads(['workflows', 'list', '--server', 'http://127.0.0.1:1'], {
      TTADS_API_KEY: server.adminKey,
    });
    expect(down.code).toBe(4);
    expect(down.stderr).toMatch(/Cannot reach the ttads server at http:\/\/127\.0\.0\.1:1/);
  });

  it('creates, lists and revokes API keys; the server knows a new key at once', async () => {
    const created = await remote(['apikey', 'create', '--name', 'ops', '--role', 'business_user']);
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^ttads_[A-Za-z0-9_-]+$/);
    expect(created.stderr).toMatch(/API key [0-9a-f-]+ \(business_user\) created/);
    const me = await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${key}` } });
    expect(await me.json()).toMatchObject({ role: 'business_user' });

    const listed = await remote(['apikey', 'list']);
    expect(listed.stdout).toMatch(/^ID\s+ROLE\s+STATE\s+NAME\s+LAST USED/);
    const id = new RegExp(`([0-9a-f-]{36})\\s+business_user\\s+active\\s+ops`).exec(listed.stdout)?.[1] ?? '';
    expect(id).not.toBe('');
    expect((await remote(['apikey', 'revoke', id])).stdout).toBe(`Revoked ${id}.\n`);
    expect((await remote(['apikey', 'list'])).stdout).toMatch(/business_user\s+revoked\s+ops/);
    expect((await remote(['workflows', 'list'], key)).code).toBe(3);
    const again = await remote(['apikey', 'revoke', id]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already revoked/);
  });

  it('drives credentials, destinations, templates, segments, orchestrations, campaigns and workflows', async () => {
    const app = { TIKTOK_APP_SECRET: APP.secret };
    // Credentials: created pending, authorized through the server's own OAuth callback.
    const made = await remote(
      ['credentials', 'create', '--name', 'Remote', '--app-id', APP.app_id],
      undefined,
      app,
    );
    expect(made.stdout).toMatch(/^Credential cred_\w+ created \(pending\)/);
    const cred = idIn(made.stdout, 'cred');
    const link = await remote(['credentials', 'link', cred, '--json']);
    const { url, redirectUri } = JSON.parse(link.stdout) as { url: string; redirectUri: string };
    expect(redirectUri).toBe(`${server.url}/oauth/callback`);
    expect((await remote(['credentials', 'link', cred, '--public-url', 'https://x.example'])).code).toBe(2);
    const callback = await fetch(url);
    expect(await callback.text()).toMatch(/is authorized/);
    const shown = await remote(['credentials', 'show', cred]);
    expect(shown.stdout).toMatch(/status:\s+authorized/);
    expect(shown.stdout).toMatch(new RegExp(`${ADVERTISER}\\s+.+\\s+can send`));
    expect((await remote(['credentials', 'update', cred, '--name', 'Remote TikTok'])).stdout).toMatch(
      /Credential cred_\w+ updated \(authorized\)/,
    );
    expect((await remote(['credentials', 'list'])).stdout).toMatch(/Remote TikTok\s+\d+\s+authorized\s+\d+/);

    // Destinations: a field to fix is named as locally (exit 2); the saved one prints as locally.
    const bad = await remote([
      'destinations',
      'create',
      '--plugin',
      'tiktok_custom_audiences',
      '--name',
      'X',
      '--credential',
      cred,
      '--advertiser-id',
      '123',
    ]);
    expect(bad.code, bad.stderr).toBe(2);
    expect(bad.stderr).toMatch(/^ttads: settings\.advertiserId: /);
    const dest = await remote([
      'destinations',
      'create',
      '--plugin',
      'tiktok_custom_audiences',
      '--name',
      'Audiences',
      '--credential',
      cred,
      '--advertiser-id',
      ADVERTISER,
      '--campaigns',
    ]);
    expect(dest.stdout).toMatch(/^Destination dst_\w+ created\.\nConnection OK\n/);
    const destId = idIn(dest.stdout, 'dst');
    const updated = await remote(['destinations', 'update', destId, '--description', 'From my laptop']);
    expect(updated.stdout).toMatch(/^Destination dst_\w+ updated\./);
    const show = await remote(['destinations', 'show', destId]);
    expect(show.stdout).toMatch(/description:\s+From my laptop/);
    expect(show.stdout).toBe(await local((ctx) => destinationsShow(ctx, destId, {})));
    expect((await remote(['destinations', 'test', destId])).stdout).toMatch(/^Connection OK/);
    const missing = await remote(['destinations', 'show', 'dest_nope']);
    expect([missing.code, missing.stderr]).toEqual([2, 'ttads: destination dest_nope does not exist\n']);

    // Templates.
    const tpl = await remote([
      'templates',
      'create',
      '--destination',
      destId,
      '--name',
      'Buyers',
      '--audience-name',
      'Remote buyers',
      '--campaigns',
    ]);
    const tplId = idIn(tpl.stdout, 'tpl');
    expect(tpl.stdout).toMatch(/^Data template tpl_\w+ created\./);
    expect((await remote(['templates', 'update', tplId, '--name', 'Buyers 2'])).code).toBe(0);
    const templates = await remote(['templates', 'list']);
    expect(templates.stdout).toMatch(
      /Buyers 2\s+Audiences\s+false\s+true\s+\{"customAudienceName":"Remote buyers"\}/,
    );
    expect(templates.stdout).toBe(await local((ctx) => templatesList(ctx, {})));
    const inUse = await remote(['destinations', 'delete', destId]);
    expect(inUse.code).toBe(2);

    // Segments and orchestrations, run on the server's worker and waited for.
    const file = join(server.sources, 'buyers.csv');
    await writeFile(file, customersCsv(5));
    const seg = await remote(['segments', 'create', '--name', 'Buyers', '--source', file]);
    const segId = idIn(seg.stdout, 'seg');
    expect(seg.stdout).toBe(`Segment ${segId} created.\n`);
    const orc = await remote([
      'orchestrations',
      'create',
      '--name',
      'Nightly',
      '--source',
      file,
      '--destination',
      destId,
      '--template',
      tplId,
    ]);
    const orcId = idIn(orc.stdout, 'orc');
    expect(orc.stdout).toBe(`Orchestration ${orcId} created (on demand).\n`);
    expect((await remote(['orchestrations', 'run', orcId, '--here'])).code).toBe(2);
    const run = await remote(['orchestrations', 'run', orcId, '--wait']);
    const wf = /^Workflow ([0-9a-f-]{36}): succeeded\n/.exec(run.stdout)?.[1] ?? '';
    expect(wf).not.toBe('');
    expect(run.code).toBe(0);
    expect((await remote(['workflows', 'list', '--kind', 'orchestration'])).stdout).toMatch(
      new RegExp(`${wf}\\s+orchestration\\s+succeeded`),
    );
    expect((await remote(['workflows', 'show', wf])).stdout).toMatch(/status:\s+succeeded/);
    expect((await remote(['audience', 'owners'])).stdout).toMatch(
      new RegExp(`${ADVERTISER}\\s+Remote buyers\\s+orchestration ${orcId}\\s+Nightly`),
    );
    const resolve = await remote(['workflows', 'resolve', wf]);
    expect([resolve.code, resolve.stderr]).toEqual([2, expect.stringMatching(/only a stopped workflow/)]);
    const cron = await remote(['orchestrations', 'update', orcId, '--cron', '0 6 * * *']);
    expect(cron.stdout).toBe(`Orchestration ${orcId} updated.\n`);
    expect((await remote(['orchestrations', 'show', orcId])).stdout).toMatch(
      /schedule:\s+0 6 \* \* \* \(UTC\)/,
    );

    // Campaigns: a segment to the template offered to campaigns; queued without --wait.
    const camp = await remote([
      'campaigns',
      'create',
      '--name',
      'Spring',
      '--segment',
      segId,
      '--template',
      tplId,
      '--audience-name',
      'Spring audience',
    ]);
    const campId = idIn(camp.stdout, 'cmp');
    expect(camp.stdout, camp.stderr).toBe(`Campaign ${campId} created (one time).\n`);
    expect((await remote(['campaigns', 'update', campId, '--description', 'Spring sale'])).code).toBe(0);
    expect((await remote(['campaigns', 'list'])).stdout).toMatch(/Spring\s+seg_\w+\s+tpl_\w+/);

    // Deleting, dependents first.
    for (const [group, id] of [
      ['campaigns', campId],
      ['orchestrations', orcId],
      ['segments', segId],
      ['templates', tplId],
      ['destinations', destId],
      ['credentials', cred],
    ] as const) {
      const deleted = await remote([group, 'delete', id]);
      expect([group, deleted.code, deleted.stdout]).toEqual([
        group,
        0,
        expect.stringMatching(/deleted\.\n$/),
      ]);
    }
    expect((await remote(['orchestrations', 'list'])).stdout).toMatch(/\(none\)/);
  }, 240_000);
});
