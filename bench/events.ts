/**
 * `npm run bench:events`: `ttads events send` of 1M generated offline events (~1% invalid, ~1% repeated rows)
 * against the emulator (a separate process); records events/s and peak RSS in docs/benchmarks.md.
 *
 *   BENCH_EVENTS=100000 npm run bench:events   # a quick run (not recorded unless BENCH_RECORD=1)
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkEventSample, generateEvents } from './data.js';
import {
  appendResults,
  BenchError,
  cpuSeconds,
  describeMachine,
  EMULATOR_EVENT_SET,
  machineInfo,
  markdownTable,
  mib,
  numberAt,
  parseReport,
  requestsTo,
  requireCommand,
  runBenchmark,
  runMeasured,
  startupIncluded,
  startEmulatorProcess,
  ttadsArgs,
  type EmulatorProcess,
} from './harness.js';

const DEFAULT_EVENTS = 1_000_000;
const EMULATOR_RPS = 1000;
// See bench/audience.ts: the client's default 10 rps would cap a send at 10,000 events/s.
const CLIENT_RPS = process.env.BENCH_RPS ?? '500';
const CLIENT_CONCURRENCY = process.env.BENCH_CONCURRENCY ?? '8';
// Issue 15's targets: 1M events at >= 100,000 events/s within 512 MiB; 200k events within 3 s of wall time.
const TARGET = { eventsPerSecond: 100_000, rssBytes: 512 * 2 ** 20, smallRows: 200_000, smallSeconds: 3 };

/** A count that a report may give as a number or as counts per reason. */
function total(report: Record<string, unknown>, key: string): number | undefined {
  const value = report[key];
  if (typeof value === 'number') return value;
  if (value === null || typeof value !== 'object') return undefined;
  const direct = numberAt(value, 'total', 'count');
  if (direct !== undefined) return direct;
  let sum = 0;
  for (const v of Object.values(value)) sum += typeof v === 'number' ? v : (total({ v }, 'v') ?? 0);
  return sum;
}

function parseCount(text: string | undefined): number {
  if (!text) return DEFAULT_EVENTS;
  const n = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1000)
    throw new BenchError(`BENCH_EVENTS must be a count >= 1000 (got "${text}")`);
  return n;
}

const fmt = (n: number | undefined, digits = 0): string =>
  n === undefined
    ? 'n/a'
    : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

runBenchmark(async () => {
  const count = parseCount(process.env.BENCH_EVENTS);
  const record = process.env.BENCH_RECORD ? process.env.BENCH_RECORD === '1' : !process.env.BENCH_EVENTS;
  await requireCommand(['events', 'send'], ['--source', '--event-set-id', '--json']);
  const dir = mkdtempSync(join(tmpdir(), 'ttads-bench-events-'));
  let emulator: EmulatorProcess | undefined;
  try {
    const source = join(dir, 'events.csv');
    const started = performance.now();
    const nowMs = Date.now();
    const expected = await generateEvents(source, count, 1, nowMs);
    const sample = await checkEventSample(source, 10_000, nowMs);
    const designed = 1 - expected.invalidRows / expected.rows;
    if (Math.abs(sample.valid / sample.sampled - designed) > 0.01)
      throw new BenchError(
        `generated events do not validate as designed: ${JSON.stringify({ sample, expected })}`,
      );
    console.log(
      `${fmt(expected.rows)} rows (${mib(statSync(source).size)} MiB) generated in ${((performance.now() - started) / 1000).toFixed(1)} s: ` +
        `${expected.validEvents} valid events, ${expected.invalidRows} invalid rows, ${expected.duplicateRows} repeated rows`,
    );

    emulator = await startEmulatorProcess({ rateLimitRps: EMULATOR_RPS });
    const dataDir = join(dir, 'data');
    // Creating the embedded store is a one-time install step (`ttads db migrate`), not part of a send, as in
    // the audience benchmark.
    const init = await runMeasured(process.execPath, ttadsArgs('db', 'migrate'), { TTADS_DATA_DIR: dataDir });
    if (init.exitCode !== 0) throw new BenchError(`ttads db migrate failed: ${init.stderr.slice(-500)}`);
    console.log(
      `store created in ${(init.wallMs / 1000).toFixed(1)} s (once per install, not measured below)`,
    );
    const args = ['events', 'send', '--source', source, '--event-set-id', EMULATOR_EVENT_SET];
    args.push('--api-url', emulator.url, '--access-token', emulator.token, '--json');
    const emulatorCpu0 = cpuSeconds(emulator.pid);
    const run = await runMeasured(process.execPath, ttadsArgs(...args), {
      TTADS_DATA_DIR: dataDir,
      TTADS_RPS: CLIENT_RPS,
      // The app's quota (tier basic: 10 QPS) would pace the client below BENCH_RPS: lift it to match.
      TTADS_TIKTOK_QPS: CLIENT_RPS,
      TTADS_TIKTOK_QPM: String(Number(CLIENT_RPS) * 60),
      TTADS_CONCURRENCY: CLIENT_CONCURRENCY,
    });
    const report = parseReport(run, `events send of ${expected.rows} rows`);
    const emulatorCpu = cpuSeconds(emulator.pid) - emulatorCpu0;
    const stats = await emulator.stats();
    const emulatorPeak = emulator.peakRssBytes();

    const acknowledged = numberAt(report, 'acknowledged');
    const rejected = total(report, 'rejected');
    const problems: string[] = [];
    // Repeated rows share an event id, so TikTok must receive each valid event exactly once.
    if (stats.events_received !== expected.validEvents)
      problems.push(`emulator received ${stats.events_received} events, expected ${expected.validEvents}`);
    if (acknowledged !== undefined && acknowledged !== expected.validEvents)
      problems.push(`report says ${acknowledged} acknowledged, expected ${expected.validEvents}`);
    const seconds = run.wallMs / 1000;
    const perSecond = expected.rows / seconds;
    const table = markdownTable(
      [
        'rows',
        'wall s',
        'CPU s',
        'emulator CPU s',
        'events/s',
        'peak RSS MiB',
        'requests',
        'built',
        'acknowledged',
        'rejected',
        'at emulator',
        'report s',
        'checks',
      ],
      [
        [
          fmt(expected.rows),
          fmt(seconds, 1),
          fmt(run.cpuSeconds, 1),
          fmt(emulatorCpu, 1),
          fmt(perSecond),
          fmt(mib(run.peakRssBytes)),
          fmt(numberAt(report, 'requests') ?? requestsTo(stats, 'event/track')),
          fmt(numberAt(report, 'eventsBuilt')),
          fmt(acknowledged),
          fmt(rejected),
          fmt(stats.events_received),
          fmt(
            numberAt(report, 'durationMs') === undefined ? undefined : numberAt(report, 'durationMs')! / 1000,
            1,
          ),
          problems.length === 0 ? 'ok' : 'FAILED',
        ],
      ],
    );
    const mark = (ok: boolean): string => (ok ? 'met' : '**missed**');
    const targets =
      expected.rows <= TARGET.smallRows
        ? [
            `- ${fmt(expected.rows)} events in <= ${TARGET.smallSeconds} s wall: ${fmt(seconds, 1)} s, ${mark(seconds <= TARGET.smallSeconds)}`,
          ]
        : [
            `- at least ${fmt(TARGET.eventsPerSecond)} events/s end to end: ${fmt(perSecond)}, ${mark(perSecond >= TARGET.eventsPerSecond)}`,
          ];
    targets.push(
      `- <= 512 MiB peak RSS: ${mib(run.peakRssBytes)} MiB, ${mark(run.peakRssBytes <= TARGET.rssBytes)}`,
    );
    console.log(
      `\n${table}\n\nTargets:\n${targets.join('\n')}\n(emulator peak RSS ${mib(emulatorPeak)} MiB)`,
    );
    const body = [
      `Machine: ${describeMachine()}.`,
      `Emulator in its own process on the same machine (rate limit ${EMULATOR_RPS} rps per token, so it never throttles); ` +
        `client TTADS_RPS=${CLIENT_RPS}, TTADS_CONCURRENCY=${CLIENT_CONCURRENCY}. ` +
        `Input: ${fmt(expected.rows)} CSV rows, one product per order, timestamps within the last 7 days; ` +
        `${fmt(expected.invalidRows)} invalid rows (bad currency, 40 days old, unknown event name) and ` +
        `${fmt(expected.duplicateRows)} rows repeated verbatim (same event_id), so ${fmt(expected.validEvents)} distinct valid events. ` +
        `events/s is input rows over the wall time of the whole \`ttads events send\` process (${startupIncluded()}; ` +
        'the embedded store is created beforehand by `ttads db migrate`, once per install, as in the audience benchmark); ' +
        'peak RSS is that process and its children, not the emulator; "at emulator" counts events in accepted requests. ' +
        'CPU s is user + system time of the command (all its threads), emulator CPU s that of the emulator meanwhile.',
      '',
      table,
      '',
      'Targets:',
      '',
      ...targets,
      ...(problems.length > 0 ? ['', 'Failed checks:', '', ...problems.map((p) => `- ${p}`)] : []),
    ].join('\n');
    const summary = `${fmt(expected.rows)} rows ${fmt(seconds, 1)} s, ${fmt(perSecond)} events/s, ${mib(run.peakRssBytes)} MiB, ${fmt(acknowledged)} acknowledged`;
    if (record) {
      appendResults({
        name: 'events',
        title: 'Offline events (`npm run bench:events`)',
        date: machineInfo().date,
        body,
        summary,
      });
      console.log('\nrecorded in docs/benchmarks.md');
    } else console.log('\nnot recorded (custom BENCH_EVENTS; set BENCH_RECORD=1 to record)');
    if (problems.length > 0) throw new BenchError(`checks failed:\n${problems.join('\n')}`);
  } finally {
    await emulator?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
