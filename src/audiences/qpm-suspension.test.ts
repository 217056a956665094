import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMULATOR_DEFAULTS, startEmulator, type RunningEmulator } from '../emulator/index.js';
import { sha } from '../emulator/emulator.test-support.js';
import { silentLogger } from '../logger.js';
import { sendEvents } from '../events/send-events.js';
import {
  daysAgo,
  emulatorEvents,
  eventsReceived,
  EVENT_SET_ID,
  writeCsv,
} from '../events/events.test-support.js';
import { parseSourceArg } from '../sources/index.js';
import { workflowRunPause } from '../store/run-pause.js';
import { listRuns, type RunPause } from '../store/runs.js';
import type { Store } from '../store/store.js';
import { openTestStore } from '../store/store.test-support.js';
import { createTikTokClient } from '../tiktok/index.js';
import { parseAudienceSyncOptions } from './options.js';
import { syncAudience } from './sync.js';

const ADV = EMULATOR_DEFAULTS.advertisers[0].advertiser_id;
const APP = EMULATOR_DEFAULTS.app.app_id;
const NAME = 'Suspended buyers';
const WORKFLOW = 'wf-suspended';
const PEOPLE = Array.from({ length: 40 }, (_, i) => `s${i}@x.test`);

/**
 * TikTok's QPM rule end to end: a real emulator whose app may make 6 requests a minute and is then suspended
 * (here for 1.5 s instead of 5 minutes, the client told the same), and a real audience sync of 40 members in
 * batches of 4. The run pauses, its stored status says "paused by TikTok until HH:MM UTC" (the run's and its
 * workflow's, as another process reads them), then it resumes by itself and ends with exactly the members.
 */
describe('a QPM suspension pauses a run, which says so and resumes (emulator, PGlite)', () => {
  let emulator: RunningEmulator;
  let store: Store;
  let dir: string;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, rateLimitRps: 0, logger: silentLogger() });
    const set = await fetch(`${emulator.url}/_emulator/apps/${APP}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ qps: 50, qpm: 6, suspension_ms: 1500 }),
    });
    expect(set.status).toBe(200);
    store = await openTestStore('pglite');
    dir = await mkdtemp(join(tmpdir(), 'ttads-qpm-'));
  });
  afterAll(async () => {
    await emulator.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('pauses, says until when, resumes and finishes exact', async () => {
    const source = join(dir, 'people.csv');
    await writeFile(source, ['email', ...PEOPLE].join('\n'));
    const pauses: string[] = [];
    const client = createTikTokClient({
      baseUrl: emulator.url,
      accessToken: EMULATOR_DEFAULTS.tokens.operator,
      rps: 0,
      concurrency: 1,
      suspensionMs: 1500,
      onPause: (p) => pauses.push(p.message),
    });
    const seen: { run: RunPause; workflow: RunPause | null }[] = [];
    let watching = true;
    // Another reader of the store, as the server would be: what the run's status says while it goes.
    const watcher = (async () => {
      while (watching) {
        const [run] = await listRuns(store, { kind: 'audience', limit: 1 });
        if (run?.status === 'running' && run.pause)
          seen.push({ run: run.pause, workflow: await workflowRunPause(store, WORKFLOW) });
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const report = await syncAudience(
      {
        store,
        client,
        logger: silentLogger(),
        dataDir: join(dir, 'data'),
        concurrency: 1,
        origin: { workflowId: WORKFLOW, step: 'sync_audience', attempt: 1 },
      },
      parseSourceArg(source),
      parseAudienceSyncOptions({ advertiserIds: [ADV], audienceName: NAME, batchSize: 4 }),
    ).finally(() => {
      watching = false;
    });
    await watcher;

    expect(report.status).toBe('succeeded');
    // TikTok throttled the app (40100) and the client paused, announcing until when.
    const stats = (await (await fetch(`${emulator.url}/_emulator/stats`)).json()) as {
      requests: Record<string, Record<string, number>>;
    };
    const throttled = Object.values(stats.requests).reduce((n, byCode) => n + (byCode['40100'] ?? 0), 0);
    expect(throttled).toBeGreaterThan(0);
    expect(pauses.length).toBeGreaterThan(0);
    expect(pauses[0]).toMatch(/^paused by TikTok until \d\d:\d\d UTC$/);
    // The stored status said so while paused, for the run and for its workflow...
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[0]!.run).toMatchObject({ reason: 'throttled', message: pauses[0] });
    expect(seen.some((s) => s.workflow?.message === s.run.message)).toBe(true);
    // ...and no longer once the run ended.
    const [run] = await listRuns(store, { kind: 'audience', limit: 1 });
    expect(run).toMatchObject({ status: 'succeeded', pause: null });
    // Exact: the audience holds the 40 members, once each.
    const res = await fetch(`${emulator.url}/_emulator/audiences?advertiser_id=${ADV}`);
    const body = (await res.json()) as {
      audiences: { name: string; members: { EMAIL_SHA256?: string[] } }[];
    };
    const members = body.audiences.find((a) => a.name === NAME)?.members.EMAIL_SHA256 ?? [];
    expect([...members].sort()).toEqual(PEOPLE.map(sha).sort());
  });

  it('pauses an events send the same way, which then sends every event once', async () => {
    await fetch(`${emulator.url}/_emulator/reset`, { method: 'POST' });
    await fetch(`${emulator.url}/_emulator/apps/${APP}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ qps: 50, qpm: 4, suspension_ms: 1500 }),
    });
    const file = join(dir, 'events.csv');
    const at = daysAgo(1);
    const events = Array.from({ length: 12 }, (_, i) => ({
      event_id: `e-${i}`,
      email: `e${i}@x.test`,
      event: 'Purchase',
      timestamp: at,
    }));
    await writeCsv(file, ['event_id', 'email', 'event', 'timestamp'], events);
    const client = createTikTokClient({
      baseUrl: emulator.url,
      accessToken: EMULATOR_DEFAULTS.tokens.operator,
      rps: 0,
      concurrency: 1,
      suspensionMs: 1500,
    });
    const seen: RunPause[] = [];
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const [run] = await listRuns(store, { kind: 'events', limit: 1 });
        if (run?.status === 'running' && run.pause) seen.push(run.pause);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const report = await sendEvents(
      { client, store, logger: silentLogger(), dataDir: join(dir, 'data') },
      {
        source: { kind: 'file', path: file, format: 'csv' },
        settings: { defaultRegion: 'US', eventSetId: EVENT_SET_ID },
        batchSize: 2,
      },
    ).finally(() => {
      watching = false;
    });
    await watcher;
    expect(report.status).toBe('succeeded');
    expect(seen[0]?.reason).toBe('throttled');
    expect(seen[0]?.message).toMatch(/^paused by TikTok until \d\d:\d\d UTC$/);
    const [run] = await listRuns(store, { kind: 'events', limit: 1 });
    expect(run).toMatchObject({ status: 'succeeded', pause: null });
    const stored = await emulatorEvents(emulator.url);
    expect(stored.map((e) => e.event_id).sort()).toEqual(events.map((e) => e.event_id).sort());
    // Once: no event reached TikTok twice (a throttled request is not applied).
    expect(await eventsReceived(emulator.url)).toBe(events.length);
  });
});
