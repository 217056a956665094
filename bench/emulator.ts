/**
 * Micro-benchmark of the emulator alone (issue 15: the emulator must never bound a benchmark): starts
 * `ttads emulator` as a child process, then posts realistic batches from this process and reports how
 * many mapping identifiers and events it accepts per second of wall time and per second of its own CPU
 * (the second is what matters on a shared machine: it does not count time spent waiting for a core).
 *
 * Run with `npx tsx bench/emulator.ts`. Environment: `BENCH_REPEAT` (default 3, the best run is kept),
 * `BENCH_MAPPING_REQUESTS` (default 50 requests of 10,000 rows x EMAIL+PHONE = 1M identifiers),
 * `BENCH_EVENT_REQUESTS` (default 200 requests of 1,000 events = 200k events), `BENCH_INFLIGHT` (4).
 */
import { createHash } from 'node:crypto';
import {
  EMULATOR_ADVERTISER,
  EMULATOR_EVENT_SET,
  EMULATOR_TOKEN,
  cpuSeconds,
  describeMachine,
  runBenchmark,
  startEmulatorProcess,
  type EmulatorProcess,
} from './harness.js';

const ROWS_PER_REQUEST = 10_000;
const EVENTS_PER_REQUEST = 1_000;
const env = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

function mappingBodies(requests: number, audienceId: string, salt: string): string[] {
  const audiences = JSON.stringify([audienceId]);
  const bodies: string[] = [];
  for (let r = 0; r < requests; r++) {
    const rows: string[] = [];
    for (let i = 0; i < ROWS_PER_REQUEST; i++) {
      const n = `${salt}-${r}-${i}`;
      rows.push(
        `[{"id":"${sha(`e${n}`)}","audience_ids":${audiences}},{"id":"${sha(`p${n}`)}","audience_ids":${audiences}}]`,
      );
    }
    bodies.push(
      `{"advertiser_ids":["${EMULATOR_ADVERTISER}"],"action":"add","id_schema":["EMAIL_SHA256","PHONE_SHA256"],"batch_data":[${rows.join(',')}]}`,
    );
  }
  return bodies;
}

function eventBodies(requests: number, salt: string): string[] {
  const now = Math.floor(Date.now() / 1000);
  const bodies: string[] = [];
  for (let r = 0; r < requests; r++) {
    const data = [];
    for (let i = 0; i < EVENTS_PER_REQUEST; i++) {
      const n = `${salt}-${r}-${i}`;
      data.push({
        event: 'Purchase',
        event_time: now - 3600 - (i % 86_400),
        event_id: `order-${n}`,
        user: { email: sha(`e${n}`), phone: sha(`p${n}`) },
        properties: {
          currency: 'USD',
          value: 19.99 + (i % 50),
          order_id: `order-${n}`,
          event_channel: 'in_store',
          content_type: 'product',
          contents: [{ price: 19.99, quantity: 1, content_id: `sku-${i % 500}`, content_name: 'Shirt' }],
        },
        page: { url: 'https://shop.example.com/checkout' },
      });
    }
    bodies.push(JSON.stringify({ event_source: 'offline', event_source_id: EMULATOR_EVENT_SET, data }));
  }
  return bodies;
}

/** Posts every body with `inflight` requests at a time; throws unless every answer is code 0. */
async function postAll(url: string, bodies: string[], inflight: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const send = (): Promise<Response> =>
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'Access-Token': EMULATOR_TOKEN },
          body,
        });
      // A keep-alive connection the server closed meanwhile fails the request: send it again (mapping
      // adds and events with ids are idempotent).
      const res = await send().catch(send);
      const answer = (await res.json()) as { code: number; message: string };
      if (answer.code !== 0) throw new Error(`${url}: ${answer.code} ${answer.message}`);
    }
  };
  await Promise.all(Array.from({ length: inflight }, worker));
}

async function createAudience(emulator: EmulatorProcess): Promise<string> {
  const res = await fetch(`${emulator.apiBase}segment/audience/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'Access-Token': EMULATOR_TOKEN },
    body: JSON.stringify({
      advertiser_id: EMULATOR_ADVERTISER,
      action: 'create',
      custom_audience_name: 'emulator bench',
    }),
  });
  const answer = (await res.json()) as { data: { audience_id: string } };
  return answer.data.audience_id;
}

function externalEmulator(url: string): EmulatorProcess {
  const post = async (path: string): Promise<unknown> =>
    (await fetch(`${url}${path}`, { method: 'POST' })).json();
  return {
    url,
    apiBase: `${url}/open_api/v1.3/`,
    token: EMULATOR_TOKEN,
    pid: env('BENCH_EMULATOR_PID', 0),
    stats: async () => (await fetch(`${url}/_emulator/stats`)).json() as never,
    audiences: () => Promise.resolve([]),
    reset: async () => void (await post('/_emulator/reset')),
    peakRssBytes: () => 0,
    stop: () => Promise.resolve(),
  };
}

interface Measure {
  wallS: number;
  cpuS: number;
}

async function measure(emulator: EmulatorProcess, url: string, bodies: string[]): Promise<Measure> {
  // Building the bodies takes seconds: the server may have closed the idle keep-alive connections, and a
  // request on such a connection fails. Warm the pool up (failures allowed) before measuring.
  const inflight = env('BENCH_INFLIGHT', 4);
  for (let round = 0; round < 2; round++)
    await Promise.all(
      Array.from({ length: inflight }, () =>
        fetch(`${emulator.url}/_emulator/faults`).then(
          (r) => r.arrayBuffer(),
          () => undefined,
        ),
      ),
    );
  const cpu0 = cpuSeconds(emulator.pid);
  const t0 = performance.now();
  await postAll(url, bodies, inflight);
  return { wallS: (performance.now() - t0) / 1000, cpuS: cpuSeconds(emulator.pid) - cpu0 };
}

const rate = (n: number, s: number): string => (s > 0 ? Math.round(n / s).toLocaleString('en-US') : 'n/a');

async function main(): Promise<void> {
  const repeat = env('BENCH_REPEAT', 3);
  const mappingRequests = env('BENCH_MAPPING_REQUESTS', 50);
  const eventRequests = env('BENCH_EVENT_REQUESTS', 200);
  const ids = mappingRequests * ROWS_PER_REQUEST * 2;
  const events = eventRequests * EVENTS_PER_REQUEST;
  process.stdout.write(`${describeMachine()}\n`);
  // BENCH_EMULATOR_URL + BENCH_EMULATOR_PID: measure an emulator started by hand (e.g. under --cpu-prof).
  const external = process.env.BENCH_EMULATOR_URL;
  const emulator = external ? externalEmulator(external) : await startEmulatorProcess({ rateLimitRps: 0 });
  try {
    const best = {
      mapping: { wallS: Infinity, cpuS: Infinity },
      events: { wallS: Infinity, cpuS: Infinity },
    };
    for (let run = 1; run <= repeat; run++) {
      await emulator.reset();
      const audienceId = await createAudience(emulator);
      const m = await measure(
        emulator,
        `${emulator.apiBase}segment/mapping/`,
        mappingBodies(mappingRequests, audienceId, `run${run}`),
      );
      const e = await measure(
        emulator,
        `${emulator.apiBase}event/track/`,
        eventBodies(eventRequests, `run${run}`),
      );
      process.stdout.write(
        `run ${run}: mapping ${ids.toLocaleString('en-US')} ids in ${m.wallS.toFixed(2)} s ` +
          `(${rate(ids, m.wallS)}/s wall, ${rate(ids, m.cpuS)}/s of emulator CPU); ` +
          `events ${events.toLocaleString('en-US')} in ${e.wallS.toFixed(2)} s ` +
          `(${rate(events, e.wallS)}/s wall, ${rate(events, e.cpuS)}/s of emulator CPU)\n`,
      );
      best.mapping.wallS = Math.min(best.mapping.wallS, m.wallS);
      best.mapping.cpuS = Math.min(best.mapping.cpuS, m.cpuS);
      best.events.wallS = Math.min(best.events.wallS, e.wallS);
      best.events.cpuS = Math.min(best.events.cpuS, e.cpuS);
    }
    const stats = await emulator.stats();
    process.stdout.write(
      `best of ${repeat}: mapping identifiers/s ${rate(ids, best.mapping.wallS)} wall, ` +
        `${rate(ids, best.mapping.cpuS)} per emulator CPU second; events/s ${rate(events, best.events.wallS)} wall, ` +
        `${rate(events, best.events.cpuS)} per emulator CPU second; emulator peak RSS ` +
        `${Math.round(emulator.peakRssBytes() / 2 ** 20)} MiB; rows received (last run) ${stats.mapping_rows_received}\n`,
    );
  } finally {
    await emulator.stop();
  }
}

runBenchmark(main);
