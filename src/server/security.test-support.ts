/**
 * Harness of the security suite: the product as `ttads serve --worker` builds it (confined settings, the
 * runtime, the control-plane deps, a working workflow engine, `buildServerApp`, a listening HTTP server) with
 * the TikTok emulator in-process, set up by an admin through the API, and helpers that tell whether anything
 * changed: on disk, at TikTok, in answers. No production code imports this module.
 */
import { readdir, readFile, mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { expect } from 'vitest';
import { controlDeps, createWorkflowEngine } from '../cli/control-runtime.js';
import { openRuntime, type Runtime } from '../cli/runtime.js';
import { buildServerApp, listen, type Listening } from '../cli/server-app.js';
import { resolveSettings } from '../config/settings.js';
import { confinedSettings } from '../config/source-roots.js';
import { EMULATOR_DEFAULTS, startEmulator, type RunningEmulator } from '../emulator/index.js';
import type { WorkflowEngine } from '../jobs/index.js';
import { createLogger } from '../logger.js';
import { createApiKey } from './api-keys.js';

/** The PostgreSQL of the `pg:` attacks (a throwaway schema is made in it). */
export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The admins' audience a business user tries to take over. */
export const ADMIN_AUDIENCE = 'Spring sale audience';
export const ADVERTISER = EMULATOR_DEFAULTS.advertisers[0].advertiser_id;

/** One HTTP answer as the tests read it. */
export interface Answer {
  status: number;
  text: string;
  body: Record<string, unknown> & { error?: string };
  headers: Headers;
}

/** What TikTok (the emulator) holds and was asked to change: equal before and after an attack. */
export interface TikTokState {
  audiences: { name: string; member_counts: Record<string, number> }[];
  changes: Record<string, number>;
}

/** The running product and what the admin set up. */
export interface SecurityStack {
  url: string;
  /** Temporary directory holding the data directory, the source root and canaries. */
  dir: string;
  dataDir: string;
  /** The default source root `serve` confines DuckDB to (`<dir>/sources`). */
  sourcesDir: string;
  /** The store's secret key, as written in `<dataDir>/secret.key`. */
  secretKey: string;
  runtime: Runtime;
  engine: WorkflowEngine;
  emulator: RunningEmulator;
  adminKey: string;
  userKey: string;
  ids: {
    credential: string;
    destination: string;
    /** Custom audiences template offered to campaigns (its audience: "Campaign audience"). */
    template: string;
    /** Offline events template (admins only). */
    eventsTemplate: string;
    /** Segment opened to business users (a CSV in the source root). */
    segment: string;
    /** Orchestration that owns {@link ADMIN_AUDIENCE}, synced once. */
    ownerOrchestration: string;
  };
  /** Calls the API; every answer is checked for the secret key and /etc/passwd. */
  call(method: string, path: string, key: string | undefined, body?: unknown): Promise<Answer>;
  /** An admin call that must succeed; its JSON. */
  admin<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T>;
  /** Waits for a workflow to stop (succeeded, failed or action required) and answers it as the admin sees it. */
  settled(workflowId: string): Promise<Record<string, unknown> & { status: string }>;
  tiktok(): Promise<TikTokState>;
  /** Every file under `dir` and under the OS temp directory's `ttads-canary-*` names, relative paths. */
  files(): Promise<string[]>;
  close(): Promise<void>;
}

/** Text of /etc/passwd that must never be answered. */
export const PASSWD_MARK = /root:x:0:0/;

/** Asserts that an answer quotes neither the secret key nor /etc/passwd. */
export function expectNoLeak(stack: Pick<SecurityStack, 'secretKey'>, text: string): void {
  expect(text).not.toContain(stack.secretKey);
  expect(text).not.toMatch(PASSWD_MARK);
}

async function listFiles(root: string, base = root): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const e of entries) {
    const path = join(root, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(path, base)));
    else out.push(relative(base, path));
  }
  return out.sort();
}

/** A customers CSV of `n` rows (unique emails), for segments and the admins' audience. */
export function customersCsv(n: number, prefix = 'c'): string {
  const rows = Array.from({ length: n }, (_, i) => `${prefix}${i},${prefix}${i}@example.com`);
  return `customer_id,email\n${rows.join('\n')}\n`;
}

/**
 * Starts the product as `ttads serve --worker` runs it (settings confined by default: DuckDB reads only
 * `<dir>/sources`), and sets it up as an admin would: a credential authorized at the emulator, a custom
 * audiences destination and template opened to business users and offered to campaigns, an offline events
 * destination, a segment opened to business users, and an orchestration that synced {@link ADMIN_AUDIENCE}.
 */
export async function openSecurityStack(): Promise<SecurityStack> {
  const dir = await mkdtemp(join(tmpdir(), 'ttads-security-'));
  const dataDir = join(dir, 'data');
  await mkdir(dataDir);
  const logger = createLogger({ level: process.env.TTADS_LOG_LEVEL ?? 'silent' });
  const emulator = await startEmulator({ port: 0, logger });
  const settings = confinedSettings(resolveSettings({ dataDir, apiUrl: emulator.url, rps: 50 }, {}));
  const runtime = await openRuntime(settings, logger);
  const control = await controlDeps(runtime);
  const engine = createWorkflowEngine(runtime, {
    worker: true,
    control,
    extra: { pollingIntervalSeconds: 0.5, recoverIntervalSeconds: 0 },
  });
  await engine.start();
  await engine.work();
  let server: Listening;
  try {
    server = await listen(
      buildServerApp(runtime, { control, engine, publicUrl: 'http://ttads.test' }),
      0,
      '127.0.0.1',
    );
  } catch (err) {
    await engine.stop({ graceful: false, timeoutMs: 1000 });
    await runtime.close();
    await emulator.close();
    throw err;
  }
  const secretKey = (await readFile(join(dataDir, 'secret.key'), 'utf8')).trim();
  const adminKey = (await createApiKey(runtime.store, { name: 'ops', role: 'admin' })).key;
  const userKey = (await createApiKey(runtime.store, { name: 'marketing', role: 'business_user' })).key;
  const sourcesDir = settings.sourceRoots?.[0] ?? join(dir, 'sources');

  const call: SecurityStack['call'] = async (method, path, key, body) => {
    const headers: Record<string, string> = {};
    if (key) headers.authorization = `Bearer ${key}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    expectNoLeak({ secretKey }, text);
    const json = res.headers.get('content-type')?.includes('json')
      ? (JSON.parse(text) as Answer['body'])
      : {};
    return { status: res.status, text, body: json, headers: res.headers };
  };
  const admin = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const answer = await call(method, path, adminKey, body);
    if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${answer.text}`);
    return answer.body as T;
  };
  const settled: SecurityStack['settled'] = async (id) => {
    for (let i = 0; i < 600; i++) {
      const wf = await admin<Record<string, unknown> & { status: string }>('GET', `/api/workflows/${id}`);
      if (['succeeded', 'failed', 'action_required'].includes(wf.status)) return wf;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`workflow ${id} did not stop`);
  };

  const { app, eventSet } = EMULATOR_DEFAULTS;
  const credential = await admin<{ id: string }>('POST', '/api/credentials', {
    name: 'Agency app',
    appId: app.app_id,
    appSecret: app.secret,
  });
  const link = await admin<{ url: string }>('POST', `/api/credentials/${credential.id}/authorization-link`);
  const consent = await fetch(link.url, { redirect: 'manual' });
  const back = new URL(consent.headers.get('location') ?? '');
  const callback = await fetch(`${server.url}${back.pathname}${back.search}`);
  if (callback.status !== 200) throw new Error(`OAuth callback answered ${callback.status}`);
  const destination = await admin<{ destination: { id: string } }>('POST', '/api/destinations', {
    name: 'Shared audiences',
    plugin: 'tiktok_custom_audiences',
    credentialId: credential.id,
    settings: { advertiserId: ADVERTISER },
    businessUserAccess: true,
    availableToCampaigns: true,
  });
  const template = await admin<{ template: { id: string } }>('POST', '/api/templates', {
    destinationId: destination.destination.id,
    name: 'Campaign audiences',
    settings: { customAudienceName: 'Campaign audience' },
    availableToCampaigns: true,
  });
  const events = await admin<{ destination: { id: string } }>('POST', '/api/destinations', {
    name: 'Store sales',
    plugin: 'tiktok_events',
    credentialId: credential.id,
    settings: { advertiserId: ADVERTISER, eventSetId: eventSet.event_set_id },
  });
  const eventsTemplate = await admin<{ template: { id: string } }>('POST', '/api/templates', {
    destinationId: events.destination.id,
    name: 'Sales',
  });
  await writeFile(join(sourcesDir, 'winter.csv'), customersCsv(20, 'w'));
  await writeFile(join(sourcesDir, 'spring.csv'), customersCsv(30, 's'));
  const segment = await admin<{ id: string }>('POST', '/api/segments', {
    name: 'Winter customers',
    description: 'Everyone who bought last winter',
    sourceQuery: join(sourcesDir, 'winter.csv'),
    openToBusinessUsers: true,
  });
  const owner = await admin<{ id: string }>('POST', '/api/orchestrations', {
    name: 'Spring sale',
    sourceQuery: join(sourcesDir, 'spring.csv'),
    destinationId: destination.destination.id,
    templateId: template.template.id,
    overrides: { customAudienceName: ADMIN_AUDIENCE },
  });
  const run = await admin<{ id: string }>('POST', `/api/orchestrations/${owner.id}/run`);
  const synced = await settled(run.id);
  if (synced.status !== 'succeeded') throw new Error(`the admins' sync ${JSON.stringify(synced)}`);

  return {
    url: server.url,
    dir,
    dataDir,
    sourcesDir,
    secretKey,
    runtime,
    engine,
    emulator,
    adminKey,
    userKey,
    ids: {
      credential: credential.id,
      destination: destination.destination.id,
      template: template.template.id,
      eventsTemplate: eventsTemplate.template.id,
      segment: segment.id,
      ownerOrchestration: owner.id,
    },
    call,
    admin,
    settled,
    async tiktok() {
      const audiences = (await (await fetch(`${emulator.url}/_emulator/audiences?summary=1`)).json()) as {
        audiences: TikTokState['audiences'];
      };
      const stats = (await (await fetch(`${emulator.url}/_emulator/stats`)).json()) as {
        requests: Record<string, Record<string, number>>;
        events_received: number;
        mapping_rows_received: number;
      };
      // Requests that change something at TikTok; reads (advertiser checks) may happen and change nothing.
      const changes: Record<string, number> = {
        events_received: stats.events_received,
        mapping_rows_received: stats.mapping_rows_received,
      };
      for (const [path, counts] of Object.entries(stats.requests)) {
        if (/segment\/|event\/track|custom_audience\/(create|update|file)/.test(path))
          changes[path] = Object.values(counts).reduce((a, b) => a + b, 0);
      }
      return {
        audiences: audiences.audiences.map((a) => ({ name: a.name, member_counts: a.member_counts })),
        changes,
      };
    },
    async files() {
      return listFiles(dir);
    },
    async close() {
      await server.close();
      await engine.stop({ timeoutMs: 10_000 }).catch(() => undefined);
      await runtime.close();
      await emulator.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The file-reading table functions and globs of DuckDB, each reading `file` (a path or glob). */
export function fileReads(file: string): string[] {
  const f = `'${file}'`;
  return [
    `SELECT error(content) AS email FROM read_text(${f})`,
    `SELECT content AS email FROM read_text(${f})`,
    `SELECT CAST(content AS VARCHAR) AS email FROM read_blob(${f})`,
    `SELECT * FROM read_csv(${f}, header = false)`,
    `SELECT * FROM read_csv_auto(${f})`,
    `SELECT * FROM read_json(${f})`,
    `SELECT * FROM read_json_auto(${f})`,
    `SELECT json AS email FROM read_json_objects(${f})`,
    `SELECT * FROM read_ndjson_objects(${f})`,
    `SELECT * FROM read_parquet(${f})`,
    `SELECT * FROM parquet_scan(${f})`,
    `SELECT * FROM parquet_metadata(${f})`,
    `SELECT file AS email FROM glob(${f})`,
    `SELECT * FROM sniff_csv(${f})`,
    `SELECT * FROM ${f}`,
    `FROM ${f}`,
  ];
}
