import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveSettings } from '../config/settings.js';
import { confinedSettings } from '../config/source-roots.js';
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

const SECRET = 'k3y-that-must-never-leave-the-server';
const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `preview_confined_${randomBytes(6).toString('hex')}`;

describe('POST /api/preview as `serve` runs it: default source roots, one SELECT', () => {
  let fx: ControlPlaneFixture;
  let admin: pg.Client;
  let dir: string;
  let dataDir: string;
  let app: Hono<AppEnv>;
  let key: string;
  let template: string;

  beforeAll(async () => {
    fx = await openFixture('pglite');
    admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.query(`CREATE TABLE ${schema}.people AS SELECT 'ann@example.com'::text AS email`);
    dir = await mkdtemp(join(tmpdir(), 'ttads-preview-confined-'));
    dataDir = join(dir, 'data');
    await mkdir(dataDir);
    await writeFile(join(dataDir, 'secret.key'), SECRET);
    const settings = confinedSettings(resolveSettings({ dataDir }, {}));
    await writeFile(join(dir, 'sources', 'customers.csv'), 'email\nann@example.com\n');
    app = createServerApp(
      {
        store: fx.store,
        logger: silentLogger(),
        version: 'test',
        metrics: createMetrics({ defaults: false }),
      },
      previewRoutes({ control: fx.deps, sourceRoots: settings.sourceRoots, sourceDatabaseUrl: PG_URL }),
    );
    key = (await createApiKey(fx.store, { name: 'ops', role: 'admin' })).key;
    template = await buyersTemplate(fx.deps);
  });
  afterAll(async () => {
    await fx?.close();
    await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin?.end();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function preview(sourceQuery: string) {
    const res = await app.request('/api/preview', {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ sourceQuery, templateId: template }),
    });
    const text = await res.text();
    expect(text).not.toContain(SECRET);
    expect(text).not.toMatch(/root:x:0/);
    return { status: res.status, body: JSON.parse(text) as { error: string } };
  }

  it('previews a file in sources/ beside the data directory', async () => {
    expect((await preview(join(dir, 'sources', 'customers.csv'))).status).toBe(200);
  });

  it('refuses the secret key and /etc/passwd, without their contents in the answer', async () => {
    for (const file of [join(dataDir, 'secret.key'), '/etc/passwd']) {
      for (const query of [
        `SELECT error(content) AS email FROM read_text('${file}')`,
        `SELECT content AS email FROM read_blob('${file}')`,
        `SELECT * FROM read_csv('${file}', header = false)`,
        `SELECT file AS email FROM glob('${file}')`,
      ]) {
        const answer = await preview(query);
        expect(answer.status, query).toBe(400);
        expect(answer.body.error).toContain('outside the allowed source directories');
      }
    }
  });

  it('refuses statements smuggled after the wrapping parentheses, and writes no file', async () => {
    const target = join(dir, 'pwned.csv');
    for (const smuggled of [
      `COPY (SELECT 42) TO '${target}'`,
      `ATTACH '${join(dir, 'pwned.duckdb')}' AS other`,
      'INSTALL httpfs',
      'LOAD httpfs',
    ]) {
      const answer = await preview(
        `SELECT 'a@example.com' AS email) AS a; ${smuggled}; SELECT * FROM (SELECT 'a@example.com' AS email`,
      );
      expect(answer.status).toBe(400);
      expect(answer.body.error).toContain('a source query is one SELECT statement');
    }
    expect(existsSync(target)).toBe(false);
    expect(existsSync(join(dir, 'pwned.duckdb'))).toBe(false);
  });

  it('refuses DDL and DML on a pg: source, which keeps its table', async () => {
    for (const query of [
      `pg:DROP TABLE ${schema}.people`,
      `pg:SELECT 1 AS email; DELETE FROM ${schema}.people`,
      `pg:SELECT 'a' AS email) AS a; DELETE FROM ${schema}.people; SELECT * FROM (SELECT 'a' AS email`,
    ]) {
      const answer = await preview(query);
      expect(answer.status, query).toBe(400);
      expect(answer.body.error).toContain('a source query is one SELECT statement');
    }
    const { rows } = await admin.query(`SELECT email FROM ${schema}.people`);
    expect(rows).toEqual([{ email: 'ann@example.com' }]);
  });
});
