/**
 * Start-up of `ttads` commands (issue 15): wall time, CPU time (user + sys) and peak RSS of the whole
 * process tree of a command that does little besides starting: help texts, `destinations list` on an
 * existing and on a new embedded store, and a small `audience sync` against the emulator.
 *
 *   npm run bench:startup
 *
 * BENCH_STARTUP_ENTRIES: comma-separated `ttads` entries to compare (default `bin/ttads.js,src/cli/main.ts`,
 * the compiled CLI and the sources through tsx); a path outside the repository (another build) works too.
 * Runs of the entries are interleaved so that they share the machine's load. BENCH_STARTUP_REPEAT (default 5)
 * runs per entry and case; medians of wall and CPU, maximum of peak RSS. Prints a markdown table.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  BenchError,
  describeMachine,
  EMULATOR_ADVERTISER,
  markdownTable,
  mib,
  REPO_ROOT,
  runBenchmark,
  runMeasured,
  startEmulatorProcess,
  type EmulatorProcess,
} from './harness.js';

const ENTRIES = (process.env.BENCH_STARTUP_ENTRIES ?? 'bin/ttads.js,src/cli/main.ts').split(',');
const REPEAT = Number(process.env.BENCH_STARTUP_REPEAT ?? 5);
const GNU_TIME = '/usr/bin/time';

interface Sample {
  wallMs: number;
  cpuMs: number;
  peakRssBytes: number;
}

interface Case {
  name: string;
  args: (ctx: Context) => string[];
  /** A new data directory for every run (the first command on a machine). */
  fresh?: boolean;
}

interface Context {
  source: string;
  emulator: EmulatorProcess;
}

const CASES: Case[] = [
  { name: '`--help`', args: () => ['--help'] },
  { name: '`audience sync --help`', args: () => ['audience', 'sync', '--help'] },
  { name: '`destinations list`, existing store', args: () => ['destinations', 'list'] },
  { name: '`destinations list`, new store', args: () => ['destinations', 'list'], fresh: true },
  {
    name: '`audience sync` 1,000 rows, existing store',
    args: (ctx) => [
      'audience',
      'sync',
      '--source',
      ctx.source,
      '--advertiser-id',
      EMULATOR_ADVERTISER,
      '--audience-name',
      'startup',
      '--api-url',
      ctx.emulator.url,
      '--access-token',
      ctx.emulator.token,
      '--json',
    ],
  },
];

function entryArgs(entry: string): string[] {
  const path = resolve(REPO_ROOT, entry);
  return /\.[cm]?ts$/.test(path) ? ['--import', 'tsx', path] : [path];
}

/** One run under GNU time for the CPU time (the harness measures wall and the tree's peak RSS). */
async function measure(entry: string, args: string[], dataDir: string): Promise<Sample> {
  const cpuFile = join(dataDir, '..', `cpu-${process.pid}`);
  const run = await runMeasured(
    GNU_TIME,
    ['-f', '%U %S', '-o', cpuFile, process.execPath, ...entryArgs(entry), ...args],
    { TTADS_DATA_DIR: dataDir, TTADS_LOG_LEVEL: 'warn' },
  );
  if (run.exitCode !== 0) {
    throw new BenchError(
      `ttads ${args.join(' ')} (${entry}) failed (${run.exitCode}): ${run.stderr.slice(-2000)}`,
    );
  }
  const [user, sys] = (/([\d.]+) ([\d.]+)\s*$/.exec(readFileSync(cpuFile, 'utf8').trim()) ?? [])
    .slice(1)
    .map(Number);
  return { wallMs: run.wallMs, cpuMs: ((user ?? 0) + (sys ?? 0)) * 1000, peakRssBytes: run.peakRssBytes };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? 0;
};

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ttads-bench-startup-'));
  let emulator: EmulatorProcess | undefined;
  try {
    const source = join(dir, 'customers.csv');
    const rows = ['email,phone'];
    for (let i = 0; i < 1000; i++)
      rows.push(`customer${i}@example.com,+1 (415) 555-${String(i).padStart(4, '0')}`);
    writeFileSync(source, `${rows.join('\n')}\n`);
    emulator = await startEmulatorProcess({ rateLimitRps: 0 });
    const ctx: Context = { source, emulator };
    const loads: number[] = [];
    const results: (string | number)[][] = [];
    for (const c of CASES) {
      const samples = new Map<string, Sample[]>(ENTRIES.map((e) => [e, []]));
      // An existing store per entry, made (and synced once) before measuring.
      const stores = new Map(ENTRIES.map((e, i) => [e, join(dir, `store-${i}`)]));
      if (!c.fresh) for (const e of ENTRIES) await measure(e, c.args(ctx), stores.get(e)!);
      for (let r = 0; r < REPEAT; r++) {
        for (const e of ENTRIES) {
          loads.push(loadavg()[0] ?? 0);
          const dataDir = c.fresh ? join(dir, `fresh-${r}-${ENTRIES.indexOf(e)}`) : stores.get(e)!;
          samples.get(e)!.push(await measure(e, c.args(ctx), dataDir));
          if (c.fresh) rmSync(dataDir, { recursive: true, force: true });
        }
      }
      for (const e of ENTRIES) {
        const s = samples.get(e)!;
        results.push([
          c.name,
          e,
          (median(s.map((x) => x.wallMs)) / 1000).toFixed(2),
          (median(s.map((x) => x.cpuMs)) / 1000).toFixed(2),
          mib(Math.max(...s.map((x) => x.peakRssBytes))),
        ]);
        console.log(results.at(-1)!.join(' | '));
      }
    }
    console.log(`\n${describeMachine()}`);
    console.log(
      `${REPEAT} runs per cell (entries interleaved); load average (1 min) during the runs: ` +
        `${Math.min(...loads).toFixed(1)} to ${Math.max(...loads).toFixed(1)}, median ${median(loads).toFixed(1)}\n`,
    );
    console.log(
      markdownTable(['command', 'entry', 'wall s (median)', 'CPU s (median)', 'peak RSS MiB (max)'], results),
    );
  } finally {
    await emulator?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

runBenchmark(main);
