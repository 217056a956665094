import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMULATOR_DEFAULTS } from '../emulator/index.js';

const MAIN = join(import.meta.dirname, 'main.ts');
const ADV = EMULATOR_DEFAULTS.advertisers[0].advertiser_id;

/** Starts `ttads emulator` on a free port and resolves with its URL once it prints it. */
function startCli(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'emulator', '--port', '0', ...args], {
    env: { ...process.env, TTADS_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /URL:\s+(http:\/\/\S+)/.exec(out)?.[1];
      if (url) resolve({ child, url });
    });
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}: ${err}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

async function audiences(url: string): Promise<{ audience_id: string; name: string; members: unknown }[]> {
  const res = await fetch(`${url}/_emulator/audiences`);
  return ((await res.json()) as { audiences: { audience_id: string; name: string; members: unknown }[] })
    .audiences;
}

describe('ttads emulator --state', () => {
  let dir: string;
  const running: ChildProcess[] = [];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ttads-emu-state-'));
  });
  afterEach(async () => {
    for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps audiences, their ids and members across a restart', async () => {
    const file = join(dir, 'emulator-state.json');
    const first = await startCli(['--state', file]);
    running.push(first.child);
    const created = await fetch(`${first.url}/open_api/v1.3/segment/audience/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'Access-Token': EMULATOR_DEFAULTS.tokens.operator },
      body: JSON.stringify({ advertiser_id: ADV, action: 'create', custom_audience_name: 'Kept' }),
    });
    const audienceId = ((await created.json()) as { data: { audience_id: string } }).data.audience_id;
    const hash = 'a'.repeat(64);
    await fetch(`${first.url}/open_api/v1.3/segment/mapping/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'Access-Token': EMULATOR_DEFAULTS.tokens.operator },
      body: JSON.stringify({
        advertiser_ids: [ADV],
        action: 'add',
        id_schema: ['EMAIL_SHA256'],
        batch_data: [[{ id: hash, audience_ids: [audienceId] }]],
      }),
    });
    const before = await audiences(first.url);
    expect(await stop(first.child)).toBe(0);

    const second = await startCli(['--state', file]);
    running.push(second.child);
    const after = await audiences(second.url);
    expect(after).toEqual(before);
    expect(after).toMatchObject([
      { audience_id: audienceId, name: 'Kept', members: { EMAIL_SHA256: [hash] } },
    ]);
    expect(await stop(second.child)).toBe(0);
  });
});
