/**
 * Shared machinery of the end-to-end benchmarks: the emulator and the CLI as child processes, peak-RSS
 * measurement of a child and its descendants, machine facts, and the docs/benchmarks.md record.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the benchmarks run the CLI from here. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Operator token of the emulator's default state (public, emulator-only; see src/emulator/defaults.ts). */
export const EMULATOR_TOKEN = 'emulator-operator-token';
export const EMULATOR_ADVERTISER = '7200000000000000001';
export const EMULATOR_EVENT_SET = '7300000000000000001';

/** A benchmark precondition or check that failed; the scripts print its message and exit non-zero. */
export class BenchError extends Error {}

/** Node arguments that run `ttads` from `entry`: a .ts entry through tsx (no build needed), a .js one as is. */
function cliArgs(entry: string, args: readonly string[]): string[] {
  const path = resolve(REPO_ROOT, entry);
  return /\.[cm]?ts$/.test(path) ? ['--import', 'tsx', path, ...args] : [path, ...args];
}

/**
 * Node arguments of the measured `ttads ...` command: src/cli/main.ts through tsx, or the entry named by
 * BENCH_CLI (e.g. `dist/cli/main.js` to measure the built CLI).
 */
export function ttadsArgs(...args: string[]): string[] {
  return cliArgs(process.env.BENCH_CLI ?? 'src/cli/main.ts', args);
}

/** What start-up the measured wall time includes, for the record: Node's, and tsx's for a .ts entry. */
export function startupIncluded(): string {
  const entry = process.env.BENCH_CLI ?? 'src/cli/main.ts';
  return /\.[cm]?ts$/.test(entry)
    ? `Node and tsx start-up included, entry ${entry}`
    : `Node start-up included, entry ${entry}`;
}

export interface MeasuredRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  /** Highest RSS of the whole process tree (sum over live processes) or of any one process, whichever is larger. */
  peakRssBytes: number;
  /** CPU seconds (user + system) of the command and its waited-for children, from GNU time; undefined without it. */
  cpuSeconds?: number;
}

/** CPU seconds (user + system) a live process has used so far, from /proc/<pid>/stat; undefined when gone. */
export function processCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** Linux's USER_HZ, the unit of /proc CPU times (100 on every mainstream kernel). */
const CLOCK_TICKS = 100;

interface ProcStat {
  ppid: number;
  rss: number;
}

const PAGE_SIZE = 4096;

/** Parent and resident size from /proc/<pid>/stat (one small read; the sampler does this for every process). */
function readStat(pid: number): ProcStat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: fields start after the last ')', at field 3 (state).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), rss: Number(fields[21]) * PAGE_SIZE };
  } catch {
    return undefined; // the process ended between listing and reading
  }
}

/** Current and peak (VmHWM) resident size of a process; undefined when it is gone. */
function readMemory(pid: number): { rss: number; hwm: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string): number =>
      Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return undefined;
  }
}

/** Every live process under `root` (the root itself only when `includeRoot`), with its RSS. */
function processTree(root: number, includeRoot: boolean): Map<number, ProcStat> {
  const children = new Map<number, [number, ProcStat][]>();
  let rootStat: ProcStat | undefined;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    const stat = readStat(pid);
    if (!stat) continue;
    if (pid === root) rootStat = stat;
    const siblings = children.get(stat.ppid) ?? [];
    siblings.push([pid, stat]);
    children.set(stat.ppid, siblings);
  }
  const tree = new Map<number, ProcStat>();
  if (includeRoot && rootStat) tree.set(root, rootStat);
  const pending = [root];
  while (pending.length > 0) {
    for (const [pid, stat] of children.get(pending.pop()!) ?? []) {
      tree.set(pid, stat);
      pending.push(pid);
    }
  }
  return tree;
}

/** User + system CPU seconds of a process so far (from /proc; 0 where /proc is missing). */
export function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

const GNU_TIME = '/usr/bin/time';
/** A measured command still running after this is killed (env BENCH_TIMEOUT_S, default 20 minutes). */
const DEFAULT_TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_S ?? 1200) * 1000;

/**
 * Runs a command to its end, sampling the RSS of it and its descendants every 50 ms from /proc. When GNU
 * time is present the command runs under it, whose maximum RSS (from wait4) also catches a peak shorter
 * than the sampling period; worker threads are part of their process and so always counted.
 */
export async function runMeasured(
  cmd: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  opts: { cwd?: string; /** Default BENCH_TIMEOUT_S. */ timeoutMs?: number } = {},
): Promise<MeasuredRun> {
  const timeDir = existsSync(GNU_TIME) ? mkdtempSync(join(tmpdir(), 'ttads-bench-time-')) : undefined;
  const timeFile = timeDir && join(timeDir, 'maxrss');
  const [file, argv] = timeFile
    ? [GNU_TIME, ['-f', '%U %S %M', '-o', timeFile, cmd, ...args]]
    : [cmd, [...args]];
  const started = performance.now();
  const child = spawn(file, argv, {
    cwd: opts.cwd ?? REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (b: Buffer) => out.push(b));
  child.stderr.on('data', (b: Buffer) => err.push(b));
  let treePeak = 0;
  let singlePeak = 0;
  // Listing every process costs a few ms, so descendants are looked for every 250 ms (or until one is
  // found) and only the known ones are read every 50 ms.
  let known: number[] = [];
  let lastScan = 0;
  const sample = (): void => {
    if (child.pid === undefined) return;
    const now = performance.now();
    if (known.length === 0 || now - lastScan >= 250) {
      // Under GNU time the root is the small `time` process itself: only its descendants are the command.
      known = [...processTree(child.pid, timeFile === undefined).keys()];
      lastScan = now;
    }
    let sum = 0;
    for (const pid of known) {
      const memory = readMemory(pid);
      if (!memory) continue;
      sum += memory.rss;
      singlePeak = Math.max(singlePeak, memory.hwm);
    }
    treePeak = Math.max(treePeak, sum);
  };
  const sampler = setInterval(sample, 50);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    // Kill the command's whole tree: killing only GNU time would leave the command running.
    if (child.pid !== undefined)
      for (const pid of processTree(child.pid, true).keys()) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
  }, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done, fail) => {
    child.once('error', fail);
    child.once('close', (code, sig) => done([code, sig]));
  }).finally(() => {
    clearInterval(sampler);
    clearTimeout(timer);
  });
  const wallMs = performance.now() - started;
  let cpuSeconds: number | undefined;
  if (timeFile && timeDir) {
    // GNU time reports kilobytes; its file also holds "Command exited with non-zero status" lines.
    const times = /([\d.]+) ([\d.]+) (\d+)\s*$/.exec(readFileSync(timeFile, 'utf8').trim());
    if (times) {
      singlePeak = Math.max(singlePeak, Number(times[3]) * 1024);
      cpuSeconds = Number(times[1]) + Number(times[2]);
    }
    rmSync(timeDir, { recursive: true, force: true });
  }
  if (timedOut) err.push(Buffer.from(`\nkilled after ${Math.round(wallMs / 1000)} s (BENCH_TIMEOUT_S)\n`));
  return {
    exitCode,
    signal,
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
    wallMs,
    peakRssBytes: Math.max(treePeak, singlePeak),
    ...(cpuSeconds === undefined ? {} : { cpuSeconds }),
  };
}

/** The JSON report a `--json` command printed (the last JSON object on stdout), or a BenchError saying why not. */
export function parseReport(run: MeasuredRun, what: string): Record<string, unknown> {
  const failed = (why: string): BenchError => {
    const tail = (run.stderr.trim() || run.stdout.trim()).split('\n').slice(-15).join('\n');
    return new BenchError(`${what} ${why}\n${tail}`);
  };
  if (run.exitCode !== 0) throw failed(`failed (exit ${run.exitCode ?? run.signal})`);
  const text = run.stdout.trim();
  for (const candidate of [text, ...text.split('\n').reverse()]) {
    try {
      const value: unknown = JSON.parse(candidate);
      if (value !== null && typeof value === 'object' && !Array.isArray(value))
        return value as Record<string, unknown>;
    } catch {
      // not this one
    }
  }
  throw failed('printed no JSON report on stdout');
}

/** A number from a report, trying each key (dotted paths allowed); undefined when none is a number. */
export function numberAt(report: unknown, ...keys: string[]): number | undefined {
  for (const key of keys) {
    let value: unknown = report;
    for (const part of key.split('.'))
      value =
        value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
    if (typeof value === 'number' && Number.isFinite(value)) return value;
  }
  return undefined;
}

/**
 * Fails with a clear message, before any data is generated, when a CLI command or one of `options` does not
 * exist yet. Commander answers `--help` of an unknown command with the root help and exit 0, so the usage
 * line is what tells.
 */
export async function requireCommand(
  words: readonly string[],
  options: readonly string[] = [],
): Promise<void> {
  const name = `ttads ${words.join(' ')}`;
  const run = await runMeasured(process.execPath, ttadsArgs(...words, '--help'));
  if (run.exitCode !== 0 || !run.stdout.includes(`Usage: ${name}`))
    throw new BenchError(`\`${name}\` is not available yet in src/cli (its --help does not show its usage).`);
  const missing = options.filter((option) => !run.stdout.includes(option));
  if (missing.length > 0) throw new BenchError(`\`${name}\` has no option ${missing.join(', ')} yet.`);
}

// ---------------------------------------------------------------------------------------------------------
// The emulator as a child process, so that its CPU and memory are not the measured command's.

export interface EmulatorProcess {
  url: string;
  /** TikTok API base to pass as --api-url. */
  apiBase: string;
  token: string;
  pid: number;
  /** GET /_emulator/stats. */
  stats(): Promise<EmulatorStats>;
  /** GET /_emulator/audiences?summary=1 (member counts, no members). */
  audiences(advertiserId?: string): Promise<EmulatorAudience[]>;
  /** POST /_emulator/reset: back to the default state. */
  reset(): Promise<void>;
  /** The emulator's own peak RSS so far (VmHWM). */
  peakRssBytes(): number;
  stop(): Promise<void>;
}

export interface EmulatorStats {
  requests: Record<string, Record<string, number>>;
  events_received: number;
  mapping_rows_received: number;
}

export interface EmulatorAudience {
  audience_id: string;
  name: string;
  advertiser_ids: string[];
  member_counts: Record<string, number>;
}

/** Requests answered per endpoint path, all answer codes added up. */
export function requestsTo(stats: EmulatorStats, pathPart: string): number {
  let total = 0;
  for (const [path, byCode] of Object.entries(stats.requests))
    if (path.includes(pathPart)) for (const n of Object.values(byCode)) total += n;
  return total;
}

async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  if (!res.ok) throw new BenchError(`${init?.method ?? 'GET'} ${url} answered HTTP ${res.status}`);
  return (await res.json()) as T;
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((done) => {
    const timer = setTimeout(() => done(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      done(true);
    });
  });
}

/**
 * Starts `ttads emulator --port 0` with the default state, waits until it answers, and returns its address
 * and inspection helpers. `rateLimitRps` is per token (0 = no limit); `tier` applies TikTok's limits.
 */
export async function startEmulatorProcess(
  opts: { rateLimitRps?: number; matchRate?: number; startTimeoutMs?: number; tier?: string } = {},
): Promise<EmulatorProcess> {
  const args = ['emulator', '--port', '0', '--rate-limit', String(opts.rateLimitRps ?? 1000)];
  // A tier gives every app TikTok's published limits (basic: 10 QPS, 600 QPM) instead of --rate-limit.
  if (opts.tier !== undefined) args.push('--tier', opts.tier);
  if (opts.matchRate !== undefined) args.push('--match-rate', String(opts.matchRate));
  const child = spawn(process.execPath, ttadsArgs(...args), {
    cwd: REPO_ROOT,
    env: { ...process.env, TTADS_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (b: Buffer): void => {
    output = (output + b.toString('utf8')).slice(-8000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const stop = async (): Promise<void> => {
    child.kill('SIGTERM');
    if (!(await waitForExit(child, 5000))) {
      child.kill('SIGKILL');
      await waitForExit(child, 5000);
    }
  };
  const deadline = Date.now() + (opts.startTimeoutMs ?? 30_000);
  let url: string | undefined;
  while (Date.now() < deadline && child.exitCode === null) {
    url ??= /URL:\s+(http:\/\/\S+)/.exec(output)?.[1];
    if (
      url &&
      (await fetch(`${url}/_emulator/credentials`).then(
        (r) => r.ok,
        () => false,
      ))
    )
      break;
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!url || child.exitCode !== null || Date.now() >= deadline) {
    await stop();
    throw new BenchError(`the emulator did not start:\n${output.trim()}`);
  }
  const base = url;
  return {
    url: base,
    apiBase: `${base}/open_api/v1.3/`,
    token: EMULATOR_TOKEN,
    pid: child.pid!,
    stats: () => getJson<EmulatorStats>(`${base}/_emulator/stats`),
    audiences: async (advertiserId) => {
      const query = advertiserId ? `&advertiser_id=${encodeURIComponent(advertiserId)}` : '';
      return (
        await getJson<{ audiences: EmulatorAudience[] }>(`${base}/_emulator/audiences?summary=1${query}`)
      ).audiences;
    },
    reset: async () => {
      await getJson(`${base}/_emulator/reset`, { method: 'POST' });
    },
    peakRssBytes: () => (child.pid === undefined ? 0 : (readMemory(child.pid)?.hwm ?? 0)),
    stop,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Machine facts and the docs/benchmarks.md record.

export interface MachineInfo {
  cpu: string;
  cores: number;
  ramGiB: number;
  node: string;
  kernel: string;
  date: string;
}

export function machineInfo(): MachineInfo {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    ramGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    kernel: release(),
    date: new Date().toISOString().slice(0, 10),
  };
}

export function describeMachine(m: MachineInfo = machineInfo()): string {
  return `${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM, Node ${m.node}, Linux ${m.kernel}`;
}

export const mib = (bytes: number): number => Math.round(bytes / 2 ** 20);

/** A GitHub-flavoured markdown table. */
export function markdownTable(
  headers: readonly string[],
  rows: readonly (readonly (string | number)[])[],
): string {
  const line = (cells: readonly (string | number)[]): string => `| ${cells.map(String).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

export interface BenchSection {
  /** Stable key, e.g. "audience": one section per name in the file. */
  name: string;
  title: string;
  /** YYYY-MM-DD of the run. */
  date: string;
  /** Markdown of the latest run (tables, targets, notes). */
  body: string;
  /** One line for the history once a later date replaces this run. */
  summary: string;
}

export const BENCHMARKS_FILE = join(REPO_ROOT, 'docs/benchmarks.md');
const HISTORY_LINES = 30;

const FILE_HEADER = `# Benchmarks

Recorded by \`npm run bench:audience\` and \`npm run bench:events\` (see \`bench/README.md\`): each run
replaces its benchmark's section; the run it replaces, when of an earlier day, becomes one history line.
`;

/**
 * Writes `section` into docs/benchmarks.md in place of the section of the same name. When the section being
 * replaced is of another date, its summary is kept as a short history line; the same date just replaces it.
 */
export function appendResults(section: BenchSection, file = BENCHMARKS_FILE): void {
  const start = `<!-- bench:${section.name}:start -->`;
  const end = `<!-- bench:${section.name}:end -->`;
  const text = existsSync(file) ? readFileSync(file, 'utf8') : FILE_HEADER;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  const old = from >= 0 && to > from ? text.slice(from, to) : '';
  const history = [...old.matchAll(/^- \d{4}-\d{2}-\d{2}: .*$/gm)].map((m) => m[0]);
  const previous = /<!-- latest (\d{4}-\d{2}-\d{2}): (.*) -->/.exec(old);
  if (previous && previous[1] !== section.date) history.unshift(`- ${previous[1]}: ${previous[2]}`);
  const summary = section.summary.replace(/-->/g, '->').replace(/\n/g, ' ');
  const block = [
    start,
    `## ${section.title}`,
    '',
    `<!-- latest ${section.date}: ${summary} -->`,
    `Latest run: ${section.date}.`,
    '',
    section.body.trim(),
    ...(history.length > 0 ? ['', '### Earlier runs', '', ...history.slice(0, HISTORY_LINES)] : []),
    end,
  ].join('\n');
  const updated =
    from >= 0 && to > from
      ? text.slice(0, from) + block + text.slice(to + end.length)
      : `${text.trimEnd()}\n\n${block}\n`;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, updated);
}

/** Runs a benchmark's main, printing a BenchError's message (not a stack) and exiting non-zero on failure. */
export function runBenchmark(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    process.stderr.write(
      `\nbenchmark failed: ${err instanceof Error ? (err instanceof BenchError ? err.message : err.stack) : String(err)}\n`,
    );
    process.exitCode = 1;
  });
}
