import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
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
import { previewRoutes } from './preview-routes.js';
import type { AppEnv } from './routes.js';

describe('POST /api/preview with source roots set', () => {
  let fx: ControlPlaneFixture;
  let dir: string;
  let root: string;
  let app: Hono<AppEnv>;
  let key: string;
  let template: string;

  beforeAll(async () => {
    fx = await openFixture('pglite');
    dir = await mkdtemp(join(tmpdir(), 'ttads-preview-roots-'));
    root = join(dir, 'exports');
    await mkdir(root);
    await writeFile(join(root, 'customers.csv'), 'email\nann@example.com\n');
    await writeFile(join(dir, 'secret.csv'), 'email\nsecret@example.com\n');
    app = createServerApp(
      {
        store: fx.store,
        logger: silentLogger(),
        version: 'test',
        metrics: createMetrics({ defaults: false }),
      },
      previewRoutes({ control: fx.deps, sourceRoots: [root] }),
    );
    key = (await createApiKey(fx.store, { name: 'ops', role: 'admin' })).key;
    template = await buyersTemplate(fx.deps);
  });
  afterAll(async () => {
    await fx?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function preview(sourceQuery: string) {
    const res = await app.request('/api/preview', {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ sourceQuery, templateId: template }),
    });
    return { status: res.status, body: (await res.json()) as { error: string; details: { path: string }[] } };
  }

  it('previews a source inside a root', async () => {
    expect((await preview(join(root, 'customers.csv'))).status).toBe(200);
  });

  it('answers 400 naming sourceQuery and the setting for a source outside the roots', async () => {
    for (const query of [
      join(dir, 'secret.csv'),
      "SELECT content AS email FROM read_text('/etc/hostname')",
    ]) {
      const answer = await preview(query);
      expect(answer.status).toBe(400);
      expect(answer.body.details[0]?.path).toBe('body.sourceQuery');
      expect(answer.body.error).toContain(
        `Source query reads outside the allowed source directories (TTADS_SOURCE_ROOTS: ${root}): Permission Error`,
      );
    }
  });
});
