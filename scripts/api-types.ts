/**
 * The web app's API types, generated from the server's OpenAPI document: `npm run gen:api-types` writes
 * them to web/api/schema.gen.ts and src/server/openapi-types.test.ts fails when that file is not current. The
 * document comes from the production route set in-process (no listening server), on a throw-away embedded
 * store in memory, so generating needs neither a database nor the network.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { format, resolveConfig } from 'prettier';
import { controlDeps, createWorkflowEngine } from '../src/cli/control-runtime.js';
import type { Runtime } from '../src/cli/runtime.js';
import { buildServerApp } from '../src/cli/server-app.js';
import { resolveSettings } from '../src/config/settings.js';
import { TtadsError } from '../src/errors.js';
import { silentLogger } from '../src/logger.js';
import { openStore } from '../src/store/open.js';
import { createTikTokClient } from '../src/tiktok/index.js';

/** Where the generated types live (checked in). */
export const API_TYPES_FILE = join(import.meta.dirname, '..', 'web', 'api', 'schema.gen.ts');

const HEADER = `// GENERATED from the server's OpenAPI document (GET /openapi.json) by scripts/api-types.ts: do not edit.
// Regenerate with \`npm run gen:api-types\` after changing a route's zod schemas (a test fails until then).
`;

/**
 * The OpenAPI document the production server answers at /openapi.json, built in-process: the app of
 * `ttads serve` on an embedded store in memory (its secret key in a temp dir, removed afterwards). Nothing
 * listens and nothing is sent.
 */
export async function apiDocument(): Promise<OpenAPI3> {
  const dir = await mkdtemp(join(tmpdir(), 'ttads-openapi-'));
  const logger = silentLogger();
  // In memory: twice as fast to start as on disk, and nothing of it outlives the call.
  const store = await openStore({ dataDir: 'memory://', logger });
  try {
    const settings = resolveSettings({ dataDir: dir }, {});
    const client = createTikTokClient({ baseUrl: settings.apiUrl, logger });
    const runtime: Runtime = { settings, logger, store, client, close: () => store.close() };
    const control = await controlDeps(runtime);
    const engine = createWorkflowEngine(runtime, { worker: false, control });
    const app = buildServerApp(runtime, { control, engine, publicUrl: 'http://127.0.0.1:8080' });
    const res = await app.request('/openapi.json');
    if (!res.ok)
      throw new TtadsError(`GET /openapi.json answered ${res.status}`, {
        code: 'no_openapi',
        kind: 'internal',
      });
    return (await res.json()) as OpenAPI3;
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The TypeScript of a document: openapi-typescript's `paths` and `components` with keys sorted, formatted
 * with the repository's prettier settings, so that the same document always gives the same text.
 */
export async function renderApiTypes(document: OpenAPI3): Promise<string> {
  const ast = await openapiTS(document, { alphabetize: true, defaultNonNullable: false, silent: true });
  const text = HEADER + '\n' + astToString(ast);
  const options = (await resolveConfig(API_TYPES_FILE)) ?? {};
  return format(text, { ...options, filepath: API_TYPES_FILE });
}
