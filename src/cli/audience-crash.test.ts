import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMULATOR_DEFAULTS, startEmulator, type RunningEmulator } from '../emulator/index.js';

const ADV = EMULATOR_DEFAULTS.advertisers[0].advertiser_id;
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
const MAIN = join(import.meta.dirname, 'main.ts');

/** Runs `ttads audience sync` in a child process; `killWhen` decides when to kill -9 it. */
function runSync(
  args: string[],
  env: NodeJS.ProcessEnv,
  killWhen?: () => Promise<boolean>,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; stdout: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'audience', 'sync', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  let timer: NodeJS.Timeout | undefined;
  if (killWhen) {
    timer = setInterval(() => {
      void killWhen().then((kill) => {
        if (kill && child.exitCode === null) child.kill('SIGKILL');
      });
    }, 25);
  }
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      clearInterval(timer);
      resolve({ code, signal, stderr, stdout });
    });
  });
}

describe('ttads audience sync killed with SIGKILL', () => {
  let emulator: RunningEmulator;
  let dir: string;
  beforeEach(async () => {
    emulator = await startEmulator({ port: 0, rateLimitRps: 0 });
    dir = await mkdtemp(join(tmpdir(), 'ttads-crash-'));
  });
  afterEach(async () => {
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function mappingRows(): Promise<number> {
    const res = await fetch(`${emulator.url}/_emulator/stats`);
    return ((await res.json()) as { mapping_rows_received: number }).mapping_rows_received;
  }

  async function emails(): Promise<string[]> {
    const res = await fetch(`${emulator.url}/_emulator/audiences?advertiser_id=${ADV}`);
    const body = (await res.json()) as { audiences: { members: { EMAIL_SHA256: string[] } }[] };
    return [...(body.audiences[0]?.members.EMAIL_SHA256 ?? [])].sort();
  }

  it('resumes after being killed between and in the middle of batches; the audience ends equal to the query', async () => {
    const people = Array.from({ length: 80 }, (_, i) => `k${i}@x.test`);
    const first = join(dir, 'first.csv');
    const second = join(dir, 'second.csv');
    await writeFile(first, ['email', ...people.slice(0, 50)].join('\n'));
    await writeFile(second, ['email', ...people.slice(20, 80)].join('\n'));
    const env = { TIKTOK_ACCESS_TOKEN: EMULATOR_DEFAULTS.tokens.operator, TTADS_DATA_DIR: join(dir, 'data') };
    const args = (source: string): string[] => [
      '--source',
      source,
      '--advertiser-id',
      ADV,
      '--audience-name',
      'Crash',
      '--api-url',
      emulator.url,
      '--batch-size',
      '4',
      '--concurrency',
      '1',
      '--rps',
      '1000',
      '--json',
    ];
    const initial = await runSync(args(first), env);
    expect(initial.stderr).toBe('');
    expect(initial.code).toBe(0);

    // Slow answers keep requests in flight; kill once some rows of the next run have reached TikTok.
    const slow = { slowRate: 1, slowMs: 120 };
    await fetch(`${emulator.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(slow),
    });
    for (const extraRows of [4, 16]) {
      const before = await mappingRows();
      const killed = await runSync(
        args(second),
        env,
        async () => (await mappingRows()) >= before + extraRows,
      );
      expect(killed.signal).toBe('SIGKILL');
    }
    await fetch(`${emulator.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ slowRate: 0 }),
    });
    const finished = await runSync(args(second), env);
    expect(finished.stderr).toBe('');
    expect(finished.code).toBe(0);
    expect(JSON.parse(finished.stdout)).toMatchObject({ resumedFromDeadRun: true, status: 'succeeded' });
    expect(await emails()).toEqual(people.slice(20, 80).map(sha).sort());
  }, 120_000);
});
