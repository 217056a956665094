import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { WEB_DIST } from '../../src/server/web-app.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const WEB_SOURCE = join(ROOT, 'web');

async function newestSource(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === 'e2e' || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? await newestSource(path) : (await stat(path)).mtimeMs);
  }
  return newest;
}

/**
 * Whether `dist/web` is missing or older than a file of the web app's source: the browser tests must drive the
 * app as the source is now, not as `npm install` last built it.
 */
export async function webBuildIsStale(): Promise<boolean> {
  const index = join(WEB_DIST, 'index.html');
  if (!existsSync(index)) return true;
  return (await newestSource(WEB_SOURCE)) > (await stat(index)).mtimeMs;
}

/** Builds the web app into `dist/web` when {@link webBuildIsStale}. */
export async function ensureWebBuilt(): Promise<void> {
  if (!(await webBuildIsStale())) return;
  await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
}
