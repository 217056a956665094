import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = join(import.meta.dirname, 'main.ts');

// The failing scenario, with real processes: `ttads serve` holds the embedded store, and
// `ttads apikey create` beside it goes through the server (`--server`) instead of opening the store again.

function start(args: string[], env: Record<string, string | undefined>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    env: {
      ...process.env,
      TTADS_LOG_LEVEL: 'warn',
      TTADS_SERVER: undefined,
      TTADS_API_KEY: undefined,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function run(args: string[], env: Record<string, string | undefined> = {}) {
  const child = start(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
}

describe('ttads apikey create beside a running ttads serve on the embedded store', () => {
  let dir: string;
  let serve: ChildProcess | undefined;
  let url = '';
  let bootKey = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ttads-server-lock-'));
    const boot = await run(['apikey', 'create', '--name', 'boot', '--data-dir', join(dir, 'data')]);
    expect(boot.code, boot.stderr).toBe(0);
    bootKey = boot.stdout.trim();
    serve = start(['serve', '--port', '0', '--data-dir', join(dir, 'data')], {});
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      let err = '';
      serve?.stderr?.on('data', (d: Buffer) => (err += d.toString()));
      serve?.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        const bound = /ttads on (http:\/\/[^\s:]+:\d+)/.exec(out)?.[1];
        if (bound) resolve(bound);
      });
      serve?.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
    });
  }, 300_000);
  afterAll(async () => {
    if (serve && serve.exitCode === null) {
      await new Promise((resolve) => {
        serve?.once('exit', resolve);
        serve?.kill('SIGTERM');
      });
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('is refused on the store, naming --server, and works through the server, which knows the key at once', async () => {
    const local = await run(['apikey', 'create', '--name', 'ops', '--data-dir', join(dir, 'data')]);
    expect(local.code).toBe(2);
    expect(local.stderr).toMatch(/in use by process \d+ \(ttads serve\)/);
    expect(local.stderr).toMatch(/--server/);

    const remote = await run(
      ['apikey', 'create', '--name', 'ops', '--role', 'business_user', '--server', url],
      {
        TTADS_API_KEY: bootKey,
      },
    );
    expect(remote.code, remote.stderr).toBe(0);
    const key = remote.stdout.trim();
    const me = await fetch(`${url}/api/me`, { headers: { authorization: `Bearer ${key}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ role: 'business_user' });

    const listed = await run(['apikey', 'list', '--server', url], { TTADS_API_KEY: bootKey });
    expect(listed.stdout).toMatch(/business_user\s+active\s+ops/);
    expect(listed.stdout).toMatch(/admin\s+active\s+boot/);
  }, 300_000);
});
