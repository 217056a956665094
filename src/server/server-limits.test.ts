import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buyersTemplate,
  openFixture,
  type ControlPlaneFixture,
} from '../config/control-plane.test-support.js';
import { silentLogger } from '../logger.js';
import { createApiKey } from './api-keys.js';
import { createServerApp } from './app.js';
import { createMetrics } from './metrics.js';
import { PreviewGate } from './preview-gate.js';
import { previewRoutes } from './preview-routes.js';
import { mountWebApp } from './web-app.js';

// Minutes of work for DuckDB unless interrupted: the preview's LIMIT cannot cut an aggregate short.
const SLOW_QUERY = 'SELECT sum(range * range % 7)::VARCHAR AS email FROM range(100000000000)';

describe('server limits and headers', () => {
  let fx: ControlPlaneFixture;
  let dir: string;
  let adminKey: string;
  let templateId: string;
  // Short enough for the slow queries to hit it; the other previews get a gate of their own (a loaded machine).
  const gate = new PreviewGate({ concurrency: 2, timeoutMs: 1500 });
  const app = (previews = new PreviewGate({ timeoutMs: 60_000 })) => {
    const server = createServerApp(
      {
        store: fx.store,
        logger: silentLogger(),
        version: 'test',
        metrics: createMetrics({ defaults: false }),
        maxBodyBytes: 4096,
      },
      previewRoutes({ control: fx.deps, gate: previews }),
    );
    mountWebApp(server, dir);
    return server;
  };

  beforeAll(async () => {
    fx = await openFixture('pglite');
    dir = await mkdtemp(join(tmpdir(), 'ttads-limits-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>app</title>');
    await writeFile(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
    await writeFile(join(dir, 'customers.csv'), 'email\nann@example.com\n');
    adminKey = (await createApiKey(fx.store, { name: 'ops', role: 'admin' })).key;
    templateId = await buyersTemplate(fx.deps);
  });
  afterAll(async () => {
    await fx?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const preview = (server: ReturnType<typeof app>, sourceQuery: string) =>
    server.request('/api/preview', {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ sourceQuery, templateId }),
    });

  it('refuses a body over the limit with 413 and a JSON error', async () => {
    const res = await app().request('/api/preview', {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ sourceQuery: 'x'.repeat(5000), templateId: 't' }),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      error:
        'The request body is larger than 4096 bytes, the most this server accepts (setting maxBodyBytes).',
    });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('says nosniff on an API answer, an error, a 404, the page and a web asset', async () => {
    const server = app();
    const ok = await preview(server, join(dir, 'customers.csv'));
    expect(ok.status).toBe(200);
    const answers = [
      ok,
      await server.request('/api/preview', { method: 'POST' }),
      await server.request('/api/nothing-here'),
      await server.request('/assets/missing.js'),
      await server.request('/'),
      await server.request('/assets/index-abc.js'),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 401, 404, 404, 200, 200]);
    for (const res of answers) expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('runs two previews at once, refuses a third with 429, and stops each at its time limit', async () => {
    const server = app(gate);
    const started = Date.now();
    const slow = [SLOW_QUERY, SLOW_QUERY].map((q) => Promise.resolve(preview(server, q)));
    await expect.poll(() => gate.active).toBe(2);
    const third = await preview(server, join(dir, 'customers.csv'));
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('5');
    expect(((await third.json()) as { error: string }).error).toMatch(/already running 2 previews/);

    const stopped = await Promise.all(slow);
    expect(stopped.map((r) => r.status)).toEqual([504, 504]);
    expect(((await stopped[0]!.json()) as { error: string }).error).toMatch(
      /longer than 2 s and was stopped/,
    );
    // The queries were interrupted, not left running: the slots come back within seconds.
    await expect.poll(() => gate.active, { timeout: 10_000 }).toBe(0);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
