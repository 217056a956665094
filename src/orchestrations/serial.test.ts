import { describe, expect, it } from 'vitest';
import { createSerializer } from './serial.js';

describe('createSerializer', () => {
  it('runs tasks of one key one at a time, in order, even after a failure, and other keys alongside', async () => {
    const serial = createSerializer();
    const log: string[] = [];
    let releaseFirst!: () => void;
    const first = serial('a', async () => {
      log.push('a1 start');
      await new Promise<void>((resolve) => (releaseFirst = resolve));
      log.push('a1 end');
      throw new Error('a1 failed');
    });
    const second = serial('a', () => Promise.resolve(log.push('a2')));
    const other = serial('b', () => Promise.resolve(log.push('b1')));
    await other;
    expect(log).toEqual(['a1 start', 'b1']);
    releaseFirst();
    await expect(first).rejects.toThrow('a1 failed');
    await second;
    expect(log).toEqual(['a1 start', 'b1', 'a1 end', 'a2']);
  });
});
