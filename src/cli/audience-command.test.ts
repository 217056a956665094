import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunningEmulator } from '../emulator/index.js';
import { EMULATOR_DEFAULTS } from '../emulator/index.js';
import { resolveSettings } from '../config/settings.js';
import { OPERATOR_TOKEN, startTestEmulator, tempDir, writeCsv } from '../events/events.test-support.js';
import { silentLogger } from '../logger.js';
import { claimAudience } from '../orchestrations/index.js';
import { emulatorAudiences } from '../orchestrations/run-fixture.test-support.js';
import { buildProgram } from './program.js';
import { openRuntime } from './runtime.js';

const MAIN = join(import.meta.dirname, 'main.ts');

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    env: { ...process.env, TTADS_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('ttads audience sync --rejects', () => {
  let emulator: RunningEmulator;
  let dir: { path: string; remove: () => Promise<void> };
  beforeEach(async () => {
    emulator = await startTestEmulator();
    dir = await tempDir();
  });
  afterEach(async () => {
    await emulator.close();
    await dir.remove();
  });

  it('writes the rejected values with their row and reason to the file named, and says so in the report', async () => {
    const source = join(dir.path, 'customers.csv');
    await writeCsv(
      source,
      ['email', 'phone'],
      [
        { email: 'ann@example.com', phone: '+1 206 555 0100' },
        { email: 'not-an-email', phone: '+1 206 555 0101' },
        { email: 'bo@example.com', phone: '12' },
        { email: '', phone: '' },
      ],
    );
    const rejects = join(dir.path, 'out', 'audience-rejects.csv');
    const ran = await run([
      'audience',
      'sync',
      '--source',
      source,
      '--advertiser-id',
      EMULATOR_DEFAULTS.advertisers[0].advertiser_id,
      '--audience-name',
      'Rejects test',
      '--api-url',
      emulator.url,
      '--access-token',
      OPERATOR_TOKEN,
      '--data-dir',
      join(dir.path, 'data'),
      '--rejects',
      rejects,
      '--allow-empty',
      '--json',
    ]);
    expect(ran.code, ran.stderr).toBe(0);
    const report = JSON.parse(ran.stdout) as { rejectsFile?: string; rejected: Record<string, number> };
    expect(report.rejectsFile).toBe(rejects);
    expect(report.rejected).toMatchObject({ email_invalid: 1, phone_invalid: 1, no_identifier: 1 });
    const lines = (await readFile(rejects, 'utf8')).trim().split('\n');
    expect(lines[0]).toBe('row,id_type,reason,value');
    expect(lines).toHaveLength(4);
    expect(lines).toContain('2,EMAIL,email_invalid,not-an-email');
    expect(lines).toContain('3,PHONE,phone_invalid,12');
    expect(lines.some((l) => /^4,.*no_identifier/.test(l))).toBe(true);
  });
});

describe('ttads audience sync of an audience an orchestration owns', () => {
  let emulator: RunningEmulator;
  let dir: { path: string; remove: () => Promise<void> };
  beforeEach(async () => {
    emulator = await startTestEmulator();
    dir = await tempDir();
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
    await emulator.close();
    await dir.remove();
  });

  /** Runs the command in this process (a child would boot tsx and the store each time), capturing its output. */
  async function inProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      stdout += String(chunk);
      return true;
    });
    const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr += String(chunk);
      return true;
    });
    process.exitCode = undefined;
    try {
      await buildProgram().parseAsync(args, { from: 'user' });
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
    const code = Number(process.exitCode ?? 0);
    process.exitCode = undefined;
    return { code, stdout, stderr };
  }

  it('refuses mirror and add-only syncs without --take-over (exit 2, with a hint), and syncs with it', async () => {
    const advertiserId = EMULATOR_DEFAULTS.advertisers[0].advertiser_id;
    const dataDir = join(dir.path, 'data');
    const runtime = await openRuntime(resolveSettings({ dataDir, apiUrl: emulator.url }, {}), silentLogger());
    try {
      await claimAudience(
        runtime.store,
        { advertiserId, audienceName: 'Spring sale audience' },
        { kind: 'orchestration', id: 'orc_spring' },
      );
    } finally {
      await runtime.close();
    }
    const source = join(dir.path, 'two.csv');
    await writeCsv(source, ['email'], [{ email: 'ann@example.com' }, { email: 'bo@example.com' }]);
    const sync = (...extra: string[]) =>
      inProcess([
        'audience',
        'sync',
        '--source',
        source,
        '--advertiser-id',
        advertiserId,
        '--audience-name',
        'Spring sale audience',
        '--api-url',
        emulator.url,
        '--access-token',
        OPERATOR_TOKEN,
        '--data-dir',
        dataDir,
        '--json',
        ...extra,
      ]);
    const audience = async () =>
      (await emulatorAudiences(emulator.url)).find((a) => a.name === 'Spring sale audience');

    const mirror = await sync('--mode', 'mirror');
    expect(mirror.code, mirror.stderr).toBe(2);
    expect(mirror.stderr).toMatch(
      /belongs to orchestration orc_spring: a mirror sync would replace the members its runs keep/,
    );
    expect(mirror.stderr).toMatch(/^hint: .*--take-over/m);
    const addOnly = await sync('--mode', 'add-only');
    expect(addOnly.code, addOnly.stderr).toBe(2);
    expect(addOnly.stderr).toMatch(/an add-only sync would add people/);
    expect(await audience()).toBeUndefined();

    const taken = await sync('--mode', 'mirror', '--take-over');
    expect(taken.code, taken.stderr).toBe(0);
    expect((JSON.parse(taken.stdout) as { added: number }).added).toBe(2);
    expect((await audience())?.members.EMAIL_SHA256).toHaveLength(2);
  }, 120_000);
});
