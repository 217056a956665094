/**
 * `npm run bench:audience`: a full `ttads audience sync` of 1M and 10M generated customers against the
 * emulator (a separate process), then a re-sync of the same file with 1% of rows changed. Checks the
 * emulator's audience against the generator after each run and records the numbers in docs/benchmarks.md.
 *
 *   BENCH_SIZES=100000 npm run bench:audience   # a quick run (not recorded unless BENCH_RECORD=1)
 *   BENCH_TIER=basic BENCH_SIZES=1000000 npm run bench:audience   # against TikTok's Basic-tier limits
 *   BENCH_LOG_DIR=/tmp/logs TTADS_LOG_LEVEL=debug BENCH_SIZES=1000000 npm run bench:audience   # keep each run's log
 *
 * With BENCH_TIER the emulator enforces that tier's limits and the client runs at its defaults for it, so the
 * line to read is the share of the tier's ceiling (QPS x rows per mapping request) the sync reached.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkCustomerSample, generateChurned, generateCustomers, type CustomerStats } from './data.js';
import {
  appendResults,
  BenchError,
  describeMachine,
  EMULATOR_ADVERTISER,
  machineInfo,
  markdownTable,
  mib,
  numberAt,
  parseReport,
  processCpuSeconds,
  requestsTo,
  requireCommand,
  runBenchmark,
  runMeasured,
  startupIncluded,
  startEmulatorProcess,
  ttadsArgs,
  type EmulatorProcess,
  type MeasuredRun,
} from './harness.js';

const DEFAULT_SIZES = [1_000_000, 10_000_000];
const EMULATOR_RPS = 1000;
// The client's own limits (TTADS_RPS / TTADS_CONCURRENCY): its defaults (10 rps) suit TikTok's real limits,
// but would make the benchmark measure the limiter instead of the sync.
const CLIENT_RPS = process.env.BENCH_RPS ?? '500';
const CLIENT_CONCURRENCY = process.env.BENCH_CONCURRENCY ?? '8';
const TARGET = { rows: 10_000_000, seconds: 60, rssBytes: 2 ** 30, resyncShare: 0.0105, resyncSeconds: 15 };
const TARGET_1M = { rows: 1_000_000, seconds: 8, rssBytes: 512 * 2 ** 20 };
/** TikTok's published requests per second of each tier (src/emulator/quota.ts), for BENCH_TIER. */
const TIER_QPS: Record<string, number> = { basic: 10, advanced: 20, premium: 30, ultimate: 50 };
const TIER = process.env.BENCH_TIER;
/** Rows per mapping request: the CLI's default --batch-size. */
const ROWS_PER_REQUEST = 10_000;
/** The emulator's default app (src/emulator/defaults.ts), whose per-second records the tier line reads. */
const EMULATOR_APP = '7000000000000000001';
/** Share of the tier's ceiling a full sync must reach (issue 13). */
const TIER_TARGET_SHARE = 0.95;

interface RunResult {
  label: 'full' | 're-sync';
  rows: number;
  run: MeasuredRun;
  report: Record<string, unknown>;
  requests: number | undefined;
  identifiersSent: number | undefined;
  /** Rows with at least one identifier: the member rows a full sync sends. */
  memberRows: number;
  /** CPU seconds the emulator spent during the run (from /proc), to see whether it bounded the run. */
  emulatorCpuSeconds: number | undefined;
  /** Accepted requests per second in the interior of the send phase (BENCH_TIER only), from the emulator. */
  sendingQps: number | undefined;
  /** Failed checks of this run (empty when all passed). */
  problems: string[];
}

function parseSizes(text: string | undefined): number[] {
  if (!text) return DEFAULT_SIZES;
  const sizes = text.split(',').map((s) => Number(s.trim().replace(/_/g, '')));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1000))
    throw new BenchError(`BENCH_SIZES must be row counts >= 1000, e.g. 100000,1000000 (got "${text}")`);
  return sizes;
}

/** Compares the emulator's audience with what the generator wrote and with what the report claims. */
async function check(
  emulator: EmulatorProcess,
  name: string,
  expected: CustomerStats,
  report: Record<string, unknown>,
  fromEmpty: boolean,
): Promise<string[]> {
  const problems: string[] = [];
  const audience = (await emulator.audiences(EMULATOR_ADVERTISER)).find((a) => a.name === name);
  if (!audience) return [`no audience "${name}" at the emulator`];
  const emails = audience.member_counts.EMAIL_SHA256 ?? 0;
  const phones = audience.member_counts.PHONE_SHA256 ?? 0;
  if (emails !== expected.validEmails)
    problems.push(`emulator has ${emails} emails, expected ${expected.validEmails}`);
  if (phones !== expected.validPhones)
    problems.push(`emulator has ${phones} phones, expected ${expected.validPhones}`);
  // A sync from an empty audience sends each member once: what it says it sent is what the emulator holds.
  const sent = numberAt(report, 'identifiersSent');
  if (fromEmpty && sent !== undefined && sent !== emails + phones)
    problems.push(`report says ${sent} identifiers sent, emulator holds ${emails + phones}`);
  // "added" may count identifiers or member rows; either must match the emulator.
  const added = numberAt(report, 'added');
  const memberRows = expected.rows - expected.noIdentifier;
  if (fromEmpty && added !== undefined && added !== emails + phones && added !== memberRows)
    problems.push(
      `report says ${added} added; emulator holds ${emails + phones} identifiers of ${memberRows} rows`,
    );
  return problems;
}

async function sync(
  emulator: EmulatorProcess,
  source: string,
  name: string,
  dataDir: string,
  what: string,
): Promise<{
  run: MeasuredRun;
  report: Record<string, unknown>;
  emulatorRequests: number;
  emulatorCpuSeconds: number | undefined;
}> {
  const before = requestsTo(await emulator.stats(), '');
  const cpuBefore = processCpuSeconds(emulator.pid);
  const args = ['audience', 'sync', '--source', source, '--advertiser-id', EMULATOR_ADVERTISER];
  args.push('--audience-name', name, '--id-types', 'EMAIL,PHONE', '--api-url', emulator.url);
  args.push('--access-token', emulator.token, '--json');
  const env = TIER
    ? // The client's own tier setting paces it; its rps is lifted to the tier's QPS (default 10 is Basic's).
      {
        TTADS_DATA_DIR: dataDir,
        TTADS_TIKTOK_TIER: TIER,
        TTADS_RPS: String(TIER_QPS[TIER]),
        ...(process.env.BENCH_CONCURRENCY ? { TTADS_CONCURRENCY: process.env.BENCH_CONCURRENCY } : {}),
      }
    : {
        TTADS_DATA_DIR: dataDir,
        TTADS_RPS: CLIENT_RPS,
        // The app's quota (tier basic: 10 QPS) would pace the client below BENCH_RPS: lift it to match.
        TTADS_TIKTOK_QPS: CLIENT_RPS,
        TTADS_TIKTOK_QPM: String(Number(CLIENT_RPS) * 60),
        TTADS_CONCURRENCY: CLIENT_CONCURRENCY,
      };
  const run = await runMeasured(process.execPath, ttadsArgs(...args), env);
  const logDir = process.env.BENCH_LOG_DIR;
  if (logDir) {
    mkdirSync(logDir, { recursive: true });
    writeFileSync(join(logDir, `${name}-${what.replace(/\W+/g, '-')}.log`), run.stderr);
  }
  const cpuAfter = processCpuSeconds(emulator.pid);
  const report = parseReport(run, what);
  return {
    run,
    report,
    emulatorRequests: requestsTo(await emulator.stats(), '') - before,
    emulatorCpuSeconds: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore,
  };
}

/**
 * Mapping requests per second the emulator accepted while the sync was sending: the longest run of consecutive
 * seconds with accepted mapping requests, without its first and last second, which are partly idle. The app's
 * per-second records of `segment/mapping/` are the emulator's own (the audience lookups are not counted).
 */
async function sendingQps(emulator: EmulatorProcess, since: number): Promise<number | undefined> {
  const res = await fetch(`${emulator.url}/_emulator/apps/${EMULATOR_APP}/seconds?endpoint=segment/mapping/`);
  if (!res.ok) {
    console.log(`  the emulator's per-second records: HTTP ${res.status} ${await res.text()}`);
    return undefined;
  }
  const { seconds } = (await res.json()) as { seconds: { at: string; requests: number }[] };
  const times = seconds
    .map((x) => ({ t: Date.parse(x.at), n: x.requests }))
    .filter((x) => x.t >= since - 1000)
    .sort((a, b) => a.t - b.t);
  let best: { t: number; n: number }[] = [];
  let current: { t: number; n: number }[] = [];
  for (const x of times) {
    current = current.length > 0 && x.t - current[current.length - 1]!.t === 1000 ? [...current, x] : [x];
    if (current.length > best.length) best = current;
  }
  const interior = best.slice(1, -1);
  console.log(`  accepted mapping requests per second while sending: ${best.map((x) => x.n).join(' ')}`);
  return interior.length === 0 ? undefined : interior.reduce((n, x) => n + x.n, 0) / interior.length;
}

async function benchSize(rows: number): Promise<RunResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ttads-bench-audience-'));
  let emulator: EmulatorProcess | undefined;
  try {
    const started = performance.now();
    const source = join(dir, 'customers.csv');
    const churnedSource = join(dir, 'customers-churned.csv');
    const full = await generateCustomers(source, rows);
    const churned = await generateChurned(churnedSource, rows);
    const sample = await checkCustomerSample(source);
    const share = (n: number, of: number): number => (of === 0 ? 0 : n / of);
    if (
      sample.phoneDisagreements > 0 ||
      Math.abs(share(sample.phoneValid, sample.sampled) - share(full.validPhones, full.rows)) > 0.01 ||
      Math.abs(share(sample.emailValid, sample.sampled) - share(full.validEmails, full.rows)) > 0.01
    )
      throw new BenchError(
        `generated data does not validate as designed: ${JSON.stringify({ sample, full })}`,
      );
    const size = (path: string): number => mib(statSync(path).size);
    console.log(
      `${rows} rows: generated ${size(source)} MiB + ${size(churnedSource)} MiB in ${((performance.now() - started) / 1000).toFixed(1)} s ` +
        `(${full.validEmails} valid emails, ${full.validPhones} valid phones; churn -${churned.removedRows}/+${churned.addedRows} rows)`,
    );

    emulator = await startEmulatorProcess({ rateLimitRps: EMULATOR_RPS, ...(TIER ? { tier: TIER } : {}) });
    const name = `bench-${rows}-${Date.now()}`;
    const dataDir = join(dir, 'data');
    // Creating the embedded store is a one-time install step (`ttads db migrate`), not part of a sync.
    const init = await runMeasured(process.execPath, ttadsArgs('db', 'migrate'), { TTADS_DATA_DIR: dataDir });
    if (init.exitCode !== 0) throw new BenchError(`ttads db migrate failed: ${init.stderr.slice(-500)}`);
    console.log(
      `  store created in ${(init.wallMs / 1000).toFixed(1)} s (once per install, not measured below)`,
    );
    const results: RunResult[] = [];
    for (const [label, file, expected] of [
      ['full', source, full],
      ['re-sync', churnedSource, churned],
    ] as const) {
      const syncStarted = Date.now();
      const { run, report, emulatorRequests, emulatorCpuSeconds } = await sync(
        emulator,
        file,
        name,
        dataDir,
        `${label} sync of ${rows} rows`,
      );
      const problems = await check(emulator, name, expected, report, label === 'full');
      const sent = numberAt(report, 'identifiersSent');
      if (label === 're-sync' && sent !== undefined) {
        const diff = churned.removedIdentifiers + churned.addedIdentifiers;
        if (sent !== diff) problems.push(`re-sync sent ${sent} identifiers, the churn changed ${diff}`);
      }
      const result = { label, rows, run, report, requests: numberAt(report, 'requests') ?? emulatorRequests };
      const memberRows = expected.rows - expected.noIdentifier;
      const qps = TIER && label === 'full' ? await sendingQps(emulator, syncStarted) : undefined;
      results.push({
        ...result,
        identifiersSent: sent,
        memberRows,
        emulatorCpuSeconds,
        sendingQps: qps,
        problems,
      });
      console.log(
        `  ${label}: ${(run.wallMs / 1000).toFixed(1)} s, CPU ${fmt(run.cpuSeconds, 1)} s, ` +
          `peak RSS ${mib(run.peakRssBytes)} MiB, emulator CPU ${fmt(emulatorCpuSeconds, 1)} s, ` +
          `${result.requests} requests, ${sent ?? '?'} identifiers sent${problems.length ? ` — ${problems.join('; ')}` : ''}`,
      );
    }
    console.log(`  emulator peak RSS ${mib(emulator.peakRssBytes())} MiB`);
    return results;
  } finally {
    await emulator?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (n: number | undefined, digits = 0): string =>
  n === undefined
    ? 'n/a'
    : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function targetLines(results: RunResult[]): string[] {
  const lines: string[] = [];
  const mark = (ok: boolean): string => (ok ? 'met' : '**missed**');
  for (const r of results.filter((x) => x.label === 'full' && x.rows === TARGET_1M.rows && !TIER)) {
    const s = r.run.wallMs / 1000;
    lines.push(
      `- 1M-row full sync <= ${TARGET_1M.seconds} s: ${s.toFixed(1)} s, ${mark(s <= TARGET_1M.seconds)}`,
    );
    lines.push(
      `- 1M-row full sync <= 512 MiB peak RSS: ${mib(r.run.peakRssBytes)} MiB, ${mark(r.run.peakRssBytes <= TARGET_1M.rssBytes)}`,
    );
  }
  if (TIER)
    for (const r of results.filter((x) => x.label === 'full')) {
      const qps = TIER_QPS[TIER] ?? 0;
      const ceiling = qps * ROWS_PER_REQUEST;
      const rate = r.memberRows / (r.run.wallMs / 1000);
      if (r.sendingQps !== undefined)
        lines.push(
          `- ${fmt(r.rows)}-row full sync at the ${TIER} tier, while sending, reaches >= ${TIER_TARGET_SHARE * 100}% ` +
            `of its ceiling (${qps} requests/s of ${fmt(ROWS_PER_REQUEST)} rows): ${r.sendingQps.toFixed(2)} ` +
            `requests/s accepted by the emulator = ${((100 * r.sendingQps) / qps).toFixed(1)}%, ` +
            mark(r.sendingQps >= TIER_TARGET_SHARE * qps),
        );
      lines.push(
        `- ${fmt(r.rows)}-row full sync at the ${TIER} tier, whole run (wall time, start-up, hashing and planning ` +
          `included; issue 15's pipelining target): ${fmt(rate)} member rows/s = ` +
          `${((100 * rate) / ceiling).toFixed(1)}% of ${fmt(ceiling)} rows/s, ${mark(rate >= TIER_TARGET_SHARE * ceiling)}`,
      );
    }
  for (const r of results) {
    if (r.emulatorCpuSeconds === undefined) continue;
    const share = r.emulatorCpuSeconds / (r.run.wallMs / 1000);
    lines.push(
      `- emulator share of the ${fmt(r.rows)}-row ${r.label} (emulator CPU s / wall s; 100% = one core busy all along): ` +
        `${fmt(r.emulatorCpuSeconds, 1)} s / ${fmt(r.run.wallMs / 1000, 1)} s = ${(100 * share).toFixed(0)}%`,
    );
  }
  for (const r of results.filter((x) => x.label === 'full' && x.rows === TARGET.rows)) {
    const s = r.run.wallMs / 1000;
    lines.push(`- 10M-row full sync < ${TARGET.seconds} s: ${s.toFixed(1)} s, ${mark(s < TARGET.seconds)}`);
    lines.push(
      `- 10M-row full sync < 1 GiB peak RSS: ${mib(r.run.peakRssBytes)} MiB, ${mark(r.run.peakRssBytes < TARGET.rssBytes)}`,
    );
  }
  for (const re of results.filter((x) => x.label === 're-sync')) {
    const full = results.find((x) => x.label === 'full' && x.rows === re.rows);
    if (re.identifiersSent === undefined || !full?.identifiersSent) continue;
    const share = re.identifiersSent / full.identifiersSent;
    if (re.rows === TARGET.rows) {
      const s = re.run.wallMs / 1000;
      lines.push(
        `- 10M-row 1%-churn re-sync <= ${TARGET.resyncSeconds} s: ${s.toFixed(1)} s, ${mark(s <= TARGET.resyncSeconds)}`,
      );
    }
    lines.push(
      `- ${fmt(re.rows)}-row 1%-churn re-sync sends <= 1.05% of a full sync: ${(share * 100).toFixed(3)}%, ${mark(share <= TARGET.resyncShare)}`,
    );
  }
  if (!results.some((r) => r.rows === TARGET.rows))
    lines.push('- (no 10M-row run: the time and memory targets were not measured)');
  return lines;
}

runBenchmark(async () => {
  const sizes = parseSizes(process.env.BENCH_SIZES);
  const record = process.env.BENCH_RECORD ? process.env.BENCH_RECORD === '1' : !process.env.BENCH_SIZES;
  await requireCommand(
    ['audience', 'sync'],
    ['--source', '--advertiser-id', '--audience-name', '--id-types', '--json'],
  );
  const results: RunResult[] = [];
  for (const rows of sizes) results.push(...(await benchSize(rows)));

  const table = markdownTable(
    [
      'rows',
      'run',
      'wall s',
      'CPU s',
      'emulator CPU s',
      'rows/s',
      'peak RSS MiB',
      'requests',
      'identifiers sent',
      'sent vs full',
      'added',
      'removed',
      'unchanged',
      'report s',
      'checks',
    ],
    results.map((r) => {
      const full = results.find((x) => x.label === 'full' && x.rows === r.rows);
      const ratio =
        r.identifiersSent !== undefined && full?.identifiersSent
          ? (100 * r.identifiersSent) / full.identifiersSent
          : undefined;
      return [
        fmt(r.rows),
        r.label,
        fmt(r.run.wallMs / 1000, 1),
        fmt(r.run.cpuSeconds, 1),
        fmt(r.emulatorCpuSeconds, 1),
        fmt(r.rows / (r.run.wallMs / 1000)),
        fmt(mib(r.run.peakRssBytes)),
        fmt(r.requests),
        fmt(r.identifiersSent),
        ratio === undefined ? 'n/a' : `${ratio.toFixed(3)}%`,
        fmt(numberAt(r.report, 'added')),
        fmt(numberAt(r.report, 'removed')),
        fmt(numberAt(r.report, 'unchanged')),
        fmt(
          numberAt(r.report, 'durationMs') === undefined
            ? undefined
            : numberAt(r.report, 'durationMs')! / 1000,
          1,
        ),
        r.problems.length === 0 ? 'ok' : 'FAILED',
      ];
    }),
  );
  const targets = targetLines(results);
  const problems = results.flatMap((r) => r.problems.map((p) => `${fmt(r.rows)} ${r.label}: ${p}`));
  console.log(`\n${table}\n\nTargets:\n${targets.join('\n')}`);

  const body = [
    `Machine: ${describeMachine()}.`,
    (TIER
      ? `Emulator in its own process on the same machine with TikTok's ${TIER} tier (${TIER_QPS[TIER]} QPS); client tier ${TIER}, TTADS_RPS=${TIER_QPS[TIER]}; other settings default. `
      : `Emulator in its own process on the same machine (rate limit ${EMULATOR_RPS} rps per token, so it never throttles); ` +
        `client TTADS_RPS=${CLIENT_RPS}, TTADS_CONCURRENCY=${CLIENT_CONCURRENCY}; other settings default. `) +
      'Each file has unique emails and US phones in four formats, ~1% invalid emails, ~1% invalid phones, ~2% email-only and ~2% phone-only rows; ' +
      'the re-sync reads a copy with 0.5% of rows removed and 0.5% new rows. Wall time is the whole `ttads audience sync` process ' +
      `(${startupIncluded()}); peak RSS is that process and its children, not the emulator.`,
    '',
    table,
    '',
    'Targets:',
    '',
    ...targets,
    ...(problems.length > 0 ? ['', 'Failed checks:', '', ...problems.map((p) => `- ${p}`)] : []),
  ].join('\n');
  const summary = results
    .map(
      (r) =>
        `${fmt(r.rows)} ${r.label} ${fmt(r.run.wallMs / 1000, 1)} s ${mib(r.run.peakRssBytes)} MiB ${fmt(r.identifiersSent)} ids`,
    )
    .join('; ');
  const date = machineInfo().date;
  if (record) {
    appendResults({
      name: 'audience',
      title: 'Audience sync (`npm run bench:audience`)',
      date,
      body,
      summary,
    });
    console.log('\nrecorded in docs/benchmarks.md');
  } else console.log('\nnot recorded (custom BENCH_SIZES; set BENCH_RECORD=1 to record)');
  if (problems.length > 0) throw new BenchError(`checks failed:\n${problems.join('\n')}`);
});
