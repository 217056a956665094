import { describe, expect, it } from 'vitest';
import { baselineWasmOnly, commandOf } from './wasm-tiering.js';

const argv = (...args: string[]): string[] => ['/usr/bin/node', '/x/bin/ttads.js', ...args];

describe('wasm tiering of a command', () => {
  it('finds the command past leading options', () => {
    expect(commandOf(argv('--help'))).toBeUndefined();
    expect(commandOf(argv('destinations', 'list', '--json'))).toBe('destinations');
    expect(commandOf(argv('--no-color', 'serve', '--port', '8080'))).toBe('serve');
  });

  it('keeps short commands on the baseline compiler', () => {
    expect(baselineWasmOnly(argv('destinations', 'list'))).toBe(true);
    expect(baselineWasmOnly(argv('audience', 'sync', '--source', 'serve.csv'))).toBe(true);
    expect(baselineWasmOnly(argv('--version'))).toBe(true);
  });

  it('lets long-running commands optimise', () => {
    for (const command of ['serve', 'worker', 'demo', 'emulator'])
      expect(baselineWasmOnly(argv(command, '--json'))).toBe(false);
  });
});
