// Test fixture, not product code: long-running `ttads worker` child processes as separate "machines" (each its
// own data directory) on one PostgreSQL schema, for multi-worker-machines.test.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const MAIN = join(import.meta.dirname, 'main.ts');

/** A running `ttads worker`: its name (once it printed it), its output and a promise of its exit. */
export interface WorkerMachine {
  child: ChildProcess;
  /** Resolves with the worker's name once it runs workflows; rejects if it exits first. */
  ready: Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

/** Starts `ttads worker` with `env` (its data directory, the shared DATABASE_URL and secret key). */
export function startWorkerMachine(env: NodeJS.ProcessEnv): WorkerMachine {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'worker', '--local-concurrency', '1'], {
    env: { ...process.env, TTADS_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', () => {
      const name = /ttads worker (\S+) running workflows/.exec(out)?.[1];
      if (name) resolve(name);
    });
    void exited.then(({ code, signal }) =>
      reject(new Error(`ttads worker exited (${code ?? signal ?? '?'}) before it was ready: ${out}`)),
    );
  });
  // Callers that never await `ready` (a worker killed at once) must not leave an unhandled rejection.
  ready.catch(() => undefined);
  return { child, ready, exited, output: () => out };
}

/** Stops a worker: SIGTERM (it hands its workflows back) or SIGKILL (a machine that died); waits for its exit. */
export async function stopWorkerMachine(
  w: WorkerMachine,
  signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM',
): Promise<void> {
  if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill(signal);
  await w.exited;
}
