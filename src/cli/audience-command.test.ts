import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../emulator/index.js';
import { EMULATOR_DEFAULTS } from '../emulator/index.js';
import { OPERATOR_TOKEN, startTestEmulator, tempDir, writeCsv } from '../events/test-support.js';

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
