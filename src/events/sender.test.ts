import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../emulator/index.js';
import { silentLogger } from '../logger.js';
import type { Store } from '../store/store.js';
import { openTestStore } from '../store/store.test-support.js';
import { appendEvent, emptyBatch, type OutgoingBatch } from './batches.js';
import { sendEvents } from './send-events.js';
import { BatchSender, RefusalStreakError } from './sender.js';
import {
  daysAgo,
  emulatorEvents,
  EVENT_SET_ID,
  forceAnswers,
  startTestEmulator,
  tempDir,
  testClient,
  writeCsv,
} from './events.test-support.js';

const HEADER = ['event_id', 'email', 'event', 'timestamp'];
let store: Store;
let dir: { path: string; remove: () => Promise<void> };
let emulators: RunningEmulator[] = [];

beforeAll(async () => {
  store = await openTestStore('pglite');
  dir = await tempDir();
});
afterAll(async () => {
  await store.close();
  await dir.remove();
});
afterEach(async () => {
  await Promise.all(emulators.map((e) => e.close()));
  emulators = [];
});

async function emulator(clockShiftMs = 0): Promise<RunningEmulator> {
  const running = await startTestEmulator(clockShiftMs ? { clock: () => Date.now() + clockShiftMs } : {});
  emulators.push(running);
  return running;
}

async function csv(name: string, rows: Record<string, string>[]): Promise<string> {
  const file = join(dir.path, `${name}.csv`);
  await writeCsv(file, HEADER, rows);
  return file;
}

const events = (n: number, at = daysAgo(1)) =>
  Array.from({ length: n }, (_, i) => ({
    event_id: `e-${i}`,
    email: `p${i}@example.com`,
    event: 'Purchase',
    timestamp: at,
  }));

function send(running: RunningEmulator, file: string, name: string, rejectsPath?: string, token?: string) {
  return sendEvents(
    { client: testClient(running.url, token), store, logger: silentLogger(), dataDir: join(dir.path, name) },
    {
      source: { kind: 'file', path: file, format: 'csv' },
      settings: { defaultRegion: 'US', eventSetId: EVENT_SET_ID },
      rejectsPath,
    },
  );
}

describe('mending a batch TikTok refuses', () => {
  it('takes out the event TikTok names, with its reason and field, and sends the rest', async () => {
    // The emulator's clock runs two days ahead: an event 27 days old for us is 29 days old for it.
    const running = await emulator(2 * 86_400_000);
    const rows = events(5);
    rows[2] = { ...rows[2]!, timestamp: daysAgo(27) };
    const rejectsPath = join(dir.path, 'index-rejects.csv');
    const report = await send(running, await csv('index', rows), 'index', rejectsPath);
    expect(report).toMatchObject({
      status: 'succeeded',
      sent: 5,
      acknowledged: 4,
      rejected: { rows: 0, events: 1, byReason: { tiktok_40002: 1 } },
      requests: 2,
    });
    expect((await emulatorEvents(running.url)).map((e) => e.event_id).sort()).toEqual([
      'e-0',
      'e-1',
      'e-3',
      'e-4',
    ]);
    const lines = (await readFile(rejectsPath, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(
      /^3,tiktok_40002,timestamp,data\[2\]\.event_time is out of range,e-2,p2@example\.com,/,
    );
  });

  it('cuts a batch in halves when TikTok names no event, until every event is sent', async () => {
    const running = await emulator();
    await forceAnswers(running.url, [40002]);
    const report = await send(running, await csv('bisect', events(4)), 'bisect');
    expect(report).toMatchObject({ sent: 4, acknowledged: 4, rejected: { events: 0 }, requests: 3 });
    expect(await emulatorEvents(running.url)).toHaveLength(4);
  });

  it('rejects the single events TikTok keeps refusing without naming them', async () => {
    const running = await emulator();
    // The whole batch, both halves, then two of the four single events.
    await forceAnswers(running.url, [40002, 40002, 40002, 40002, 40002]);
    const rejectsPath = join(dir.path, 'singles-rejects.csv');
    const report = await send(running, await csv('singles', events(4)), 'singles', rejectsPath);
    expect(report).toMatchObject({
      sent: 4,
      acknowledged: 2,
      rejected: { events: 2, byReason: { tiktok_40002: 2 } },
    });
    const refused = (await readFile(rejectsPath, 'utf8'))
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[4]);
    const stored = (await emulatorEvents(running.url)).map((e) => e.event_id);
    expect([...refused, ...stored].sort()).toEqual(['e-0', 'e-1', 'e-2', 'e-3']);
  });

  it('retries what fails for a while (the client does) and still sends everything once', async () => {
    const running = await emulator();
    await forceAnswers(running.url, [50000, 'http:503']);
    const report = await send(running, await csv('transient', events(3)), 'transient');
    expect(report).toMatchObject({ acknowledged: 3, requests: 3, retries: 2 });
  });

  it('stops the run when the token may not write to the event set', async () => {
    const running = await emulator();
    const failure = await send(
      running,
      await csv('analyst', events(2)),
      'analyst',
      undefined,
      'emulator-analyst-token',
    ).catch((e: unknown) => e);
    expect(failure).toMatchObject({
      cause: { category: 'missing_permission' },
      report: { status: 'failed', acknowledged: 0 },
    });
  });
});

/** A batch of the given events; event i comes from source row `firstRow + i`. */
function testBatch(
  data: { event: string; event_time: number; event_id: string }[],
  firstRow = 1,
): OutgoingBatch {
  const batch = emptyBatch('offline', EVENT_SET_ID);
  data.forEach((d, i) =>
    appendEvent(batch, JSON.stringify(d), { eventId: d.event_id, event: d.event, eventTime: d.event_time }, [
      firstRow + i,
    ]),
  );
  return batch;
}

describe('BatchSender', () => {
  it('gives up when TikTok refuses the same way too many times in a row', async () => {
    const running = await emulator();
    await forceAnswers(
      running.url,
      Array.from({ length: 10 }, () => 40002),
    );
    const rejected: number[] = [];
    const sender = new BatchSender(
      testClient(running.url),
      { acknowledged: () => Promise.resolve(), rejected: (rows) => rejected.push(...rows) },
      { maxInFlight: 1, maxRefusalStreak: 3 },
    );
    const batch = testBatch(
      [1, 2, 3, 4].map((i) => ({
        event: 'Purchase',
        event_time: Math.floor(Date.now() / 1000),
        event_id: `b-${i}`,
      })),
    );
    await sender.submit(batch);
    await expect(sender.drain()).rejects.toBeInstanceOf(RefusalStreakError);
    expect(rejected).toHaveLength(2);
  });
});

describe('partial success (20001)', () => {
  const batch = (): OutgoingBatch =>
    testBatch(
      [0, 1, 2, 3].map((i) => ({ event: 'Purchase', event_time: 1_700_000_000, event_id: `p-${i}` })),
      10,
    );
  const answering = (data: Record<string, unknown>) => ({
    trackEventsJson: () =>
      Promise.resolve({ data, code: 20001, message: 'partial', requestId: 'r', partial: true }),
  });

  async function run(data: Record<string, unknown>) {
    const acknowledged: string[] = [];
    const rejected: { rows: readonly number[]; reason: string; message: string }[] = [];
    const sender = new BatchSender(
      answering(data),
      {
        acknowledged: (entries) => {
          acknowledged.push(...entries.map((e) => e.eventId));
          return Promise.resolve();
        },
        rejected: (rows, r) => rejected.push({ rows, reason: r.reason, message: r.message }),
      },
      { maxInFlight: 1 },
    );
    await sender.submit(batch());
    await sender.drain();
    return { acknowledged, rejected };
  }

  it('reads the answer item by item: refused events are rejects with TikTok’s reason, never acknowledged', async () => {
    const out = await run({
      failed_events: [{ index: 2, code: 40002, message: 'event_time is too old' }],
    });
    expect(out.acknowledged).toEqual(['p-0', 'p-1', 'p-3']);
    expect(out.rejected).toEqual([
      { rows: [12], reason: 'tiktok_40002', message: 'data[2]: event_time is too old' },
    ]);
  });

  it('acknowledges none when the answer does not say which events were refused', async () => {
    const out = await run({});
    expect(out.acknowledged).toEqual([]);
    expect(out.rejected.map((r) => r.reason)).toEqual([
      'tiktok_20001',
      'tiktok_20001',
      'tiktok_20001',
      'tiktok_20001',
    ]);
  });
});
