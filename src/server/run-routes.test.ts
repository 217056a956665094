import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../logger.js';
import { finishRun, startRun } from '../store/runs.js';
import type { Store } from '../store/store.js';
import { openTestStore, TEST_ENGINES } from '../store/store.test-support.js';
import { createApiKey } from './api-keys.js';
import { createServerApp } from './app.js';
import { createMetrics } from './metrics.js';
import { runRoutes } from './run-routes.js';

const CSV =
  'row,reason,field,message,email\n3,email_invalid,email,"The email is, well, invalid.",not-an-email\n';

describe.each(TEST_ENGINES)('GET /api/runs/:id/rejects on %s', (engine) => {
  let store: Store;
  let dir: string;
  let dataDir: string;
  let adminKey: string;
  let userKey: string;
  let app: ReturnType<typeof createServerApp>;

  beforeAll(async () => {
    store = await openTestStore(engine);
    dir = await mkdtemp(join(tmpdir(), 'ttads-rejects-'));
    dataDir = join(dir, 'data');
    await mkdir(join(dataDir, 'rejects'), { recursive: true });
    app = createServerApp(
      { store, logger: silentLogger(), version: 'test', metrics: createMetrics({ defaults: false }) },
      runRoutes(store, dataDir),
    );
    adminKey = (await createApiKey(store, { name: 'ops', role: 'admin' })).key;
    userKey = (await createApiKey(store, { name: 'marketing', role: 'business_user' })).key;
  });
  afterAll(async () => {
    await store?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function runWith(kind: 'audience' | 'events', report: Record<string, unknown>): Promise<string> {
    const id = await startRun(store, { kind, params: {} });
    await finishRun(store, id, { status: 'succeeded', report });
    return id;
  }
  async function download(id: string, key = adminKey) {
    const res = await app.request(`/api/runs/${id}/rejects`, { headers: { authorization: `Bearer ${key}` } });
    return { status: res.status, headers: res.headers, text: await res.text() };
  }
  const events = (rejectsFile: string | undefined, byReason: Record<string, number> = {}) => ({
    rejected: { rows: 1, events: 0, byReason },
    ...(rejectsFile ? { rejectsFile } : {}),
  });

  it('lists the runs of one workflow with ?workflowId=, each naming its step and attempt', async () => {
    const origin = (attempt: number) => ({ workflowId: 'wf-runs', step: 'sync_audience', attempt });
    const first = await startRun(store, { kind: 'audience', params: { origin: origin(1) } });
    const second = await startRun(store, { kind: 'audience', params: { origin: origin(2) } });
    await startRun(store, { kind: 'audience', params: { origin: { ...origin(1), workflowId: 'other' } } });
    const list = async (query: string, key = adminKey) => {
      const res = await app.request(`/api/runs${query}`, { headers: { authorization: `Bearer ${key}` } });
      return { status: res.status, body: (await res.json()) as { runs: { id: string; params: object }[] } };
    };
    const { status, body } = await list('?workflowId=wf-runs');
    expect(status).toBe(200);
    expect(body.runs.map((r) => r.id).sort()).toEqual([first, second].sort());
    expect(body.runs.find((r) => r.id === second)?.params).toEqual({ origin: origin(2) });
    expect((await list('?workflowId=wf-runs&kind=events')).body.runs).toEqual([]);
    expect((await list('?workflowId=')).status).toBe(400);
    expect((await list('?workflowId=wf-runs', userKey)).status).toBe(403);
  });

  it("streams an events run's rejects file as a CSV attachment", async () => {
    const file = join(dataDir, 'rejects', 'events-wf-1.csv');
    await writeFile(file, CSV);
    const id = await runWith('events', events(file, { email_invalid: 1 }));
    const res = await download(id);
    expect(res.status).toBe(200);
    expect(res.text).toBe(CSV);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="rejects-${id}.csv"`);
    expect((await download(id, userKey)).status).toBe(403);
  });

  it('neutralises formula cells of a rejects file on the way out (a file written before the writers did)', async () => {
    const file = join(dataDir, 'rejects', 'events-old.csv');
    await writeFile(
      file,
      'row,=cmd(),email\n2,"=HYPERLINK(""http://x"",""y"")",@SUM(A1)\n3,+15551234567,-2+3\n',
    );
    const res = await download(await runWith('events', events(file, { email_invalid: 2 })));
    expect(res.status).toBe(200);
    expect(res.text).toBe(
      'row,\'=cmd(),email\n2,"\'=HYPERLINK(""http://x"",""y"")",\'@SUM(A1)\n3,\'+15551234567,\'-2+3\n',
    );
  });

  it('answers 404 with a clear message for a run without rejects, or no such run', async () => {
    const id = await runWith('events', { rejected: { rows: 0, events: 0, byReason: {} } });
    const res = await download(id);
    expect(res.status).toBe(404);
    expect(JSON.parse(res.text)).toEqual({ error: `Run ${id} rejected nothing: there is no rejects file.` });
    // The step removes the file of a send that rejected nothing; the stored report may still name it.
    const gone = await runWith('events', {
      rejected: { rows: 0, events: 0, byReason: {} },
      rejectsFile: join(dataDir, 'rejects', 'removed.csv'),
    });
    expect((await download(gone)).status).toBe(404);
    expect((await download('nope')).status).toBe(404);
  });

  it('answers reason,count from the report when there is no file (audience runs)', async () => {
    const id = await runWith('audience', {
      rejected: { email_invalid: 2, phone_invalid: 0, no_identifier: 5 },
    });
    const res = await download(id);
    expect(res.status).toBe(200);
    expect(res.text).toBe('reason,count\nemail_invalid,2\nno_identifier,5\n');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  });

  it('refuses a file outside the data directory, also through a symbolic link', async () => {
    const outside = join(dir, 'elsewhere.csv');
    await writeFile(outside, 'secret\n');
    for (const file of [outside, join(dataDir, '..', 'elsewhere.csv'), join(dir, 'data-other', 'x.csv')]) {
      const res = await download(await runWith('events', events(file, { email_invalid: 1 })));
      expect(res.status).toBe(404);
      expect(res.text).toMatch(/outside the data directory/);
      expect(res.text).not.toMatch(/secret/);
    }
    const link = join(dataDir, 'rejects', 'link.csv');
    await symlink(outside, link);
    const res = await download(await runWith('events', events(link)));
    expect(res.status).toBe(404);
    expect(res.text).toMatch(/outside the data directory/);
  });
});
