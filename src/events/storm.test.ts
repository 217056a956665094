import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../emulator/index.js';
import { lossyProxy } from '../emulator/lossy-proxy.test-support.js';
import { silentLogger } from '../logger.js';
import type { Store } from '../store/store.js';
import { openTestStore } from '../store/store.test-support.js';
import { createTikTokClient } from '../tiktok/index.js';
import {
  daysAgo,
  emulatorEvents,
  EVENT_SET_ID,
  eventsReceived,
  OPERATOR_TOKEN,
  startTestEmulator,
  tempDir,
  writeCsv,
} from './events.test-support.js';
import { sendEvents } from './send-events.js';

describe('an events send under the storm of issue 13', () => {
  let emulator: RunningEmulator;
  let proxy: Awaited<ReturnType<typeof lossyProxy>>;
  let store: Store;
  let dir: Awaited<ReturnType<typeof tempDir>>;

  beforeAll(async () => {
    // 10% answered 503 before TikTok sees them, 5% code 50000, and throttling (a QPS limit under the pace).
    emulator = await startTestEmulator({
      rateLimitRps: 25,
      faults: { http503Rate: 0.1, errorRate: 0.05, seed: 13 },
    });
    // 10% applied by TikTok, then the answer lost.
    proxy = await lossyProxy(emulator.url, 0.1, 13);
    store = await openTestStore('pglite');
    dir = await tempDir();
  });
  afterAll(async () => {
    await new Promise((resolve) => proxy.close(resolve));
    await emulator.close();
    await store.close();
    await dir.remove();
  });

  it('sends 20,000 events in batches of 100 in one run, each acknowledged once', async () => {
    const file = join(dir.path, 'storm.csv');
    const at = daysAgo(1);
    const rows = Array.from({ length: 20_000 }, (_, i) => ({
      event_id: `s-${i}`,
      email: `p${i}@example.com`,
      event: 'Purchase',
      timestamp: at,
    }));
    await writeCsv(file, ['event_id', 'email', 'event', 'timestamp'], rows);
    const client = createTikTokClient({
      baseUrl: proxy.url,
      accessToken: OPERATOR_TOKEN,
      rps: 0,
      concurrency: 8,
      timeoutMs: 10_000,
      // Short backoffs keep the test quick; the outage budget is the default (10 minutes).
      retry: { baseDelayMs: 10, maxDelayMs: 200 },
    });
    const started = Date.now();
    const report = await sendEvents(
      { client, store, logger: silentLogger(), dataDir: join(dir.path, 'data') },
      {
        source: { kind: 'file', path: file, format: 'csv' },
        settings: { defaultRegion: 'US', eventSetId: EVENT_SET_ID },
        batchSize: 100,
        maxInFlight: 8,
      },
    );
    const stats = client.stats();
    const stored = await emulatorEvents(emulator.url);
    const received = await eventsReceived(emulator.url);
    const measured = {
      ms: Date.now() - started,
      requests: stats.requests,
      retries: stats.retries,
      throttled: stats.throttled,
      answersLost: proxy.lost,
      eventsReceived: received,
    };
    console.log(`storm run: ${JSON.stringify(measured)}`);
    expect(report).toMatchObject({ status: 'succeeded', acknowledged: 20_000 });
    expect(new Set(stored.map((e) => e.event_id)).size).toBe(20_000);
    expect(stored).toHaveLength(20_000);
    // Answers were lost after TikTok applied them, so TikTok received some events twice: de-duplicated by id.
    expect(proxy.lost).toBeGreaterThan(0);
    expect(received).toBeGreaterThan(20_000);
    expect(stats.retries).toBeGreaterThan(0);
  }, 300_000);
});
