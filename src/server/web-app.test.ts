import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv } from './routes.js';
import { mountWebApp } from './web-app.js';

describe('mountWebApp', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ttads-web-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><html><head><title>app</title></head></html>');
    await writeFile(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the page uncached with a strict content security policy, and hashed assets cached', async () => {
    const app = new Hono<AppEnv>();
    mountWebApp(app, dir);
    const page = await app.request('/');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>app</title>');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
    const asset = await app.request('/assets/index-abc.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await app.request('/assets/missing.js')).status).toBe(404);
    // An encoded way out of the folder is refused (a plain `..` is resolved by the URL itself).
    expect((await app.request('/assets/..%2F..%2Fetc%2Fpasswd')).status).toBe(404);
  });

  it("marks only the demo's page, where a #key= link signs in without asking", async () => {
    const plain = new Hono<AppEnv>();
    mountWebApp(plain, dir);
    expect(await (await plain.request('/')).text()).not.toContain('ttads-demo');
    const demo = new Hono<AppEnv>();
    mountWebApp(demo, dir, { demo: true });
    expect(await (await demo.request('/')).text()).toContain(
      '<meta name="ttads-demo" content="auto-sign-in">',
    );
  });

  it('says how to build the app when it is not built', async () => {
    const app = new Hono<AppEnv>();
    mountWebApp(app, join(dir, 'nope'));
    const page = await app.request('/');
    expect(page.status).toBe(503);
    expect(await page.text()).toContain('npm run build');
  });
});
