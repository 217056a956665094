import { describe, expect, it } from 'vitest';
import { commandOf, DUCKDB_ALLOCATOR_CONF, isShortCommand, tuneForCommand } from './process-tuning.js';

const argv = (...args: string[]): string[] => ['/usr/bin/node', '/x/bin/ttads.js', ...args];

describe('process tuning of a command', () => {
  it('finds the command past leading options', () => {
    expect(commandOf(argv('--help'))).toBeUndefined();
    expect(commandOf(argv('destinations', 'list', '--json'))).toBe('destinations');
    expect(commandOf(argv('--no-color', 'serve', '--port', '8080'))).toBe('serve');
  });

  it('counts help, version and one-shot commands as short', () => {
    expect(isShortCommand(argv('destinations', 'list'))).toBe(true);
    expect(isShortCommand(argv('audience', 'sync', '--source', 'serve.csv'))).toBe(true);
    expect(isShortCommand(argv('--version'))).toBe(true);
  });

  it('counts servers and workers as long-running', () => {
    for (const command of ['serve', 'worker', 'demo', 'emulator'])
      expect(isShortCommand(argv(command, '--json'))).toBe(false);
  });

  it("sets DuckDB's allocator options unless the user set their own", () => {
    // A long-running command: a short one would also set V8's --liftoff-only in this test process.
    const env: NodeJS.ProcessEnv = {};
    tuneForCommand(argv('serve'), env);
    expect(env.DUCKDB_JE_MALLOC_CONF).toBe(DUCKDB_ALLOCATOR_CONF);
    const own: NodeJS.ProcessEnv = { DUCKDB_JE_MALLOC_CONF: 'dirty_decay_ms:1000' };
    tuneForCommand(argv('worker'), own);
    expect(own.DUCKDB_JE_MALLOC_CONF).toBe('dirty_decay_ms:1000');
  });
});
