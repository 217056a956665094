import { describe, expect, it } from 'vitest';
import { commandOf, isShortCommand } from './process-tuning.js';

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
});
