// Test fixture, not product code: `ttads` child processes as separate "machines" (each its own data
// directory) on one PostgreSQL schema, and the emulator's inspection API, for multi-machine.test.ts.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { EMULATOR_DEFAULTS, type RunningEmulator } from '../emulator/index.js';
import { testDatabaseUrl } from '../store/store.test-support.js';

const MAIN = join(import.meta.dirname, 'main.ts');
export const ADV = EMULATOR_DEFAULTS.advertisers[0].advertiser_id;
export const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

/** What a finished (or killed) child process left. */
export interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The connection string of the store of every machine: the test's database, its schema first. */
export function schemaUrl(schema: string): string {
  const url = new URL(testDatabaseUrl());
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

/** Runs `ttads <args>` as machine `dataDir`; `killWhen` (polled) decides when to kill -9 it. */
export function runTtads(
  args: string[],
  env: NodeJS.ProcessEnv,
  killWhen?: () => Promise<boolean>,
): Promise<Ran> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    env: { ...process.env, TTADS_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = killWhen
    ? setInterval(() => {
        void killWhen().then((kill) => {
          if (kill && child.exitCode === null) child.kill('SIGKILL');
        });
      }, 25)
    : undefined;
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      clearInterval(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Slows every answer of the emulator (`slowMs` > 0) or stops slowing them (0). */
export async function slowAnswers(emulator: RunningEmulator, slowMs: number): Promise<void> {
  await fetch(`${emulator.url}/_emulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(slowMs > 0 ? { slowRate: 1, slowMs } : { slowRate: 0 }),
  });
}

/** The emulator's counters: mapping rows and events received (duplicates included). */
export async function emulatorStats(
  emulator: RunningEmulator,
): Promise<{ mapping_rows_received: number; events_received: number }> {
  const res = await fetch(`${emulator.url}/_emulator/stats`);
  return (await res.json()) as { mapping_rows_received: number; events_received: number };
}

/** The e-mail hashes of the audience `name` at the emulator, sorted. */
export async function audienceEmails(emulator: RunningEmulator, name: string): Promise<string[]> {
  const res = await fetch(`${emulator.url}/_emulator/audiences?advertiser_id=${ADV}`);
  const body = (await res.json()) as {
    audiences: { name: string; members: { EMAIL_SHA256?: string[] } }[];
  };
  return [...(body.audiences.find((a) => a.name === name)?.members.EMAIL_SHA256 ?? [])].sort();
}
