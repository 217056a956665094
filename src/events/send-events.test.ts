import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../emulator/index.js';
import { silentLogger } from '../logger.js';
import { getRun } from '../store/runs.js';
import type { Store } from '../store/store.js';
import { openTestStore } from '../store/store.test-support.js';
import { EventsRunError, sendEvents, type SendEventsOptions } from './send-events.js';
import { startStaging } from './staging-start.js';
import {
  daysAgo,
  emulatorEvents,
  EVENT_SET_ID,
  eventsReceived,
  PIXEL_CODE,
  startTestEmulator,
  tempDir,
  testClient,
  writeCsv,
} from './events.test-support.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const HEADER = [
  'event_id',
  'email',
  'phone',
  'event',
  'timestamp',
  'value',
  'currency',
  'content_id',
  'price',
  'quantity',
  'ip',
  'agent',
  'cookie_id',
  'tiktok_click_id',
  'order_id',
  'shop_id',
  'event_channel',
];

let emulator: RunningEmulator;
let store: Store;
let dir: { path: string; remove: () => Promise<void> };

beforeAll(async () => {
  emulator = await startTestEmulator();
  store = await openTestStore('pglite');
  dir = await tempDir();
});

afterAll(async () => {
  await emulator.close();
  await store.close();
  await dir.remove();
});

async function reset(): Promise<void> {
  await fetch(`${emulator.url}/_emulator/reset`, { method: 'POST' });
}

function send(
  dataDir: string,
  file: string,
  options: Partial<SendEventsOptions> = {},
  token?: string,
  client = testClient(emulator.url, token),
) {
  return sendEvents(
    { client, store, logger: silentLogger(), dataDir },
    {
      source: { kind: 'file', path: file, format: 'csv' },
      settings: { defaultRegion: 'US', eventSetId: EVENT_SET_ID },
      ...options,
    },
  );
}

describe('sendEvents end to end', () => {
  const at = daysAgo(1);
  const order1 = {
    event_id: 'o-1',
    email: ' Jane.Doe@Example.com',
    phone: '(206) 555-0100',
    event: 'Purchase',
    timestamp: at,
    value: '25',
    currency: 'usd',
    content_id: 'sku-1',
    price: '12.5',
    quantity: '2',
    ip: '2001:db8::1',
    agent: 'Mozilla/5.0',
    cookie_id: 'ttp-1',
    tiktok_click_id: 'click-1',
    order_id: 'order-1',
    shop_id: 'shop-7',
    event_channel: 'in_store',
  };
  const rows: Record<string, string>[] = [
    order1,
    {
      event_id: 'o-2',
      email: 'b@example.com',
      event: 'Purchase',
      timestamp: at,
      content_id: 'sku-2',
      price: '5',
      quantity: '1',
    },
    { event_id: 'o-3', email: 'not-an-email', event: 'Purchase', timestamp: at },
    // Second product of o-2, far from the first; then row 1 exported twice.
    {
      event_id: 'o-2',
      email: 'b@example.com',
      event: 'Purchase',
      timestamp: at,
      content_id: 'sku-3',
      price: '2.5',
      quantity: '4',
    },
    order1,
    { event_id: 'o-4', email: 'c@example.com', event: 'Purchase', timestamp: at, price: '3' },
    {
      event_id: 'o-4',
      email: 'c@example.com',
      event: 'Purchase',
      timestamp: at,
      price: '3',
      quantity: 'two',
    },
    { email: 'd@example.com', event: 'Lead', timestamp: at },
    { email: 'd@example.com', event: 'Lead', timestamp: at },
    { event_id: 'o-5', email: 'e@example.com', event: 'Purchase', timestamp: daysAgo(40) },
  ];

  it('sends exactly the valid events, mapped, and lists the rest with reasons', async () => {
    await reset();
    const file = join(dir.path, 'orders.csv');
    await writeCsv(file, HEADER, rows);
    const rejectsPath = join(dir.path, 'rejects.csv');
    const report = await send(join(dir.path, 'd1'), file, { rejectsPath });

    expect(report).toMatchObject({
      status: 'succeeded',
      rowsRead: 10,
      duplicateRows: 2,
      eventsBuilt: 3,
      alreadySent: 0,
      sent: 3,
      acknowledged: 3,
      rejected: {
        rows: 4,
        events: 0,
        byReason: { email_invalid: 1, order_incomplete: 1, quantity_invalid: 1, outside_window: 1 },
      },
      requests: 1,
    });
    const events = await emulatorEvents(emulator.url);
    expect(events.map((e) => e.event_id).sort()).toEqual(
      ['o-1', 'o-2', expect.stringMatching(/^[0-9a-f]{32}$/)].sort(),
    );
    const o1 = events.find((e) => e.event_id === 'o-1');
    expect(o1).toMatchObject({
      event_source: 'offline',
      event_source_id: EVENT_SET_ID,
      event: 'Purchase',
      event_time: Date.parse(at) / 1000,
      user: {
        email: sha('jane.doe@example.com'),
        phone: sha('+12065550100'),
        ip: '2001:db8::1',
        user_agent: 'Mozilla/5.0',
        ttp: 'ttp-1',
        ttclid: 'click-1',
      },
      properties: {
        contents: [{ content_id: 'sku-1', price: 12.5, quantity: 2 }],
        currency: 'USD',
        value: 25,
        order_id: 'order-1',
        shop_id: 'shop-7',
        event_channel: 'in_store',
      },
    });
    expect(events.find((e) => e.event_id === 'o-2')?.properties).toEqual({
      contents: [
        { content_id: 'sku-2', price: 5, quantity: 1 },
        { content_id: 'sku-3', price: 2.5, quantity: 4 },
      ],
      value: 15,
    });
    expect(JSON.stringify(events)).not.toContain('example.com');

    const csv = (await readFile(rejectsPath, 'utf8')).trim().split('\n');
    expect(csv[0]).toBe(`row,reason,field,message,${HEADER.join(',')}`);
    expect(csv.slice(1).map((line) => line.split(',').slice(0, 3).join(','))).toEqual([
      '3,email_invalid,email',
      '6,order_incomplete,event_id',
      '7,quantity_invalid,quantity',
      '10,outside_window,timestamp',
    ]);
    expect(csv[1]).toContain('not-an-email');

    const run = await getRun(store, report.runId);
    expect(run).toMatchObject({ kind: 'events', status: 'succeeded', report: { acknowledged: 3 } });
    expect(JSON.stringify(run)).not.toContain('example.com');
  });

  it('sends nothing again when the same input is sent twice', async () => {
    await reset();
    const file = join(dir.path, 'twice.csv');
    await writeCsv(file, HEADER, rows);
    const dataDir = join(dir.path, 'd2');
    // One client for both runs: each report counts its own requests only.
    const client = testClient(emulator.url);
    expect(await send(dataDir, file, {}, undefined, client)).toMatchObject({ requests: 1 });
    const received = await eventsReceived(emulator.url);
    const again = await send(dataDir, file, {}, undefined, client);
    expect(again).toMatchObject({ eventsBuilt: 3, alreadySent: 3, sent: 0, acknowledged: 0, requests: 0 });
    expect(await eventsReceived(emulator.url)).toBe(received);
  });

  it('checks and counts without sending in a dry run', async () => {
    await reset();
    const file = join(dir.path, 'dry.csv');
    await writeCsv(file, HEADER, rows);
    const report = await send(join(dir.path, 'd3'), file, { dryRun: true });
    expect(report).toMatchObject({
      status: 'dry_run',
      eventsBuilt: 3,
      sent: 3,
      acknowledged: 0,
      requests: 0,
    });
    expect(await emulatorEvents(emulator.url)).toEqual([]);
    expect((await getRun(store, report.runId))?.status).toBe('dry_run');
  });

  it('sends web events to the pixel with the test event code, a fixed event name and a time zone', async () => {
    await reset();
    const file = join(dir.path, 'web.csv');
    // Wall-clock time in New York, two days ago, written without an offset.
    const wall = new Date(Date.now() - 2 * 86_400_000);
    const local = wall.toLocaleString('sv-SE', { timeZone: 'America/New_York' }).replace(' ', 'T');
    await writeCsv(
      file,
      ['event_id', 'email', 'event_source', 'event', 'timestamp', 'ip', 'agent'],
      [
        {
          event_id: 'w-1',
          email: 'w@example.com',
          event_source: 'web',
          event: 'ViewContent',
          timestamp: local,
          ip: '203.0.113.9',
          agent: 'UA/1',
        },
      ],
    );
    const report = await send(join(dir.path, 'd5'), file, {
      settings: {
        defaultRegion: 'US',
        eventSetId: EVENT_SET_ID,
        pixelCode: PIXEL_CODE,
        fixedEvent: 'CompletePayment',
        timeZone: 'America/New_York',
        testEventCode: 'TEST123',
        limitedDataUse: true,
      },
    });
    expect(report).toMatchObject({ acknowledged: 1, rejected: { rows: 0 } });
    const [event] = await emulatorEvents(emulator.url);
    expect(event).toMatchObject({
      event_source: 'web',
      event_source_id: PIXEL_CODE,
      test_event_code: 'TEST123',
      event: 'CompletePayment',
      event_id: 'w-1',
      event_time: Math.floor(wall.getTime() / 1000),
      limited_data_use: true,
      user: { ip: '203.0.113.9', user_agent: 'UA/1' },
    });
  });

  it("sends a web event by its pixel code alone, given as the row's event_set_id (or a pixel_code column)", async () => {
    await reset();
    const byEventSet = join(dir.path, 'web-pixel.csv');
    const byPixelColumn = join(dir.path, 'web-pixel-column.csv');
    const row = { email: 'p@example.com', event: 'Purchase', timestamp: daysAgo(1) };
    await writeCsv(
      byEventSet,
      ['event_id', 'email', 'event', 'timestamp', 'event_source', 'event_set_id'],
      [{ ...row, event_id: 'px-1', event_source: 'web', event_set_id: PIXEL_CODE }],
    );
    await writeCsv(
      byPixelColumn,
      ['event_id', 'email', 'event', 'timestamp', 'event_source', 'pixel_code'],
      [{ ...row, event_id: 'px-2', event_source: 'web', pixel_code: PIXEL_CODE }],
    );
    // No event set id and no pixel code in the settings: the row says it all.
    const settings = { defaultRegion: 'US' };
    for (const [file, data] of [
      [byEventSet, 'd6'],
      [byPixelColumn, 'd7'],
    ] as const) {
      const report = await send(join(dir.path, data), file, { settings });
      expect(report).toMatchObject({ acknowledged: 1, rejected: { rows: 0 } });
    }
    const events = await emulatorEvents(emulator.url);
    expect(events.map((e) => [e.event_id, e.event_source, e.event_source_id]).sort()).toEqual([
      ['px-1', 'web', PIXEL_CODE],
      ['px-2', 'web', PIXEL_CODE],
    ]);
  });

  it('stops on a credentials error, keeps the error with the run and surfaces its hint', async () => {
    await reset();
    const file = join(dir.path, 'denied.csv');
    await writeCsv(file, HEADER, rows.slice(0, 2));
    const failure = await send(join(dir.path, 'd4'), file, {}, 'not-a-token').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(EventsRunError);
    const { report, cause } = failure as EventsRunError;
    expect(cause).toMatchObject({ category: 'invalid_credentials' });
    expect(report).toMatchObject({
      status: 'failed',
      acknowledged: 0,
      error: { kind: 'invalid_credentials' },
    });
    const run = await getRun(store, report.runId);
    expect(run).toMatchObject({
      status: 'failed',
      error: { kind: 'invalid_credentials', action: 'reauthorize' },
    });
    expect(JSON.stringify(run?.error)).not.toContain('not-a-token');
  });
});

describe('sendEvents with a staging the caller started', () => {
  const rows = [
    { event_id: 'e-1', email: 'a@example.com', event: 'Purchase', timestamp: daysAgo(1) },
    { event_id: 'e-2', email: 'b@example.com', event: 'Purchase', timestamp: daysAgo(1) },
  ];
  const source = (file: string) => ({ kind: 'file' as const, path: file, format: 'csv' as const });

  it('sends what was staged and closes the staging database', async () => {
    await reset();
    const file = join(dir.path, 'early.csv');
    await writeCsv(file, HEADER, rows);
    let underWay = 0;
    const staging = startStaging({ source: source(file), settings: {} }, () => (underWay += 1));
    const report = await send(join(dir.path, 'early'), file, { staging });
    expect(underWay).toBeGreaterThan(0);
    expect(report).toMatchObject({ status: 'succeeded', rowsRead: 2, acknowledged: 2 });
    expect(await eventsReceived(emulator.url)).toBe(2);
    const { duck } = await staging;
    await expect(duck.run('SELECT 1')).rejects.toThrow();
  });

  it('closes the staging database of a run that failed before taking it', async () => {
    const file = join(dir.path, 'early-fail.csv');
    await writeCsv(file, HEADER, rows);
    const staging = startStaging({ source: source(file), settings: {} });
    await expect(send(join(dir.path, 'early-fail'), file, { staging, batchSize: 0 })).rejects.toThrow(
      RangeError,
    );
    const { duck } = await staging;
    await new Promise((resolve) => setImmediate(resolve));
    await expect(duck.run('SELECT 1')).rejects.toThrow();
  });

  it('fails the run with the staging error, after calling back', async () => {
    let underWay = 0;
    const staging = startStaging(
      { source: source(join(dir.path, 'missing.csv')), settings: {} },
      () => (underWay += 1),
    );
    staging.catch(() => undefined);
    const failure = await send(join(dir.path, 'early-missing'), 'unused', { staging }).catch(
      (e: unknown) => e,
    );
    expect(underWay).toBeGreaterThan(0);
    expect(failure).toBeInstanceOf(EventsRunError);
    expect((failure as EventsRunError).report.status).toBe('failed');
  });
});
