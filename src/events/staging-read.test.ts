import { describe, expect, it } from 'vitest';
import { cellEnds } from './staging-read.js';

const S = '\u0001';

describe('cellEnds', () => {
  it('finds where each cell ends when the cells add up', () => {
    const text = ['a', '', 'bc', '1', 'd', 'e', '', '2'].join(S);
    expect([...cellEnds(text, 8)!]).toEqual([1, 2, 5, 7, 9, 11, 12, 14]);
  });

  it('refuses a block holding one separator more than its cells (a value with U+0001)', () => {
    expect(cellEnds(['a', 'b', 'c'].join(S), 2)).toBeUndefined();
    // A value with the separator shifts the row into the next one: the total is what gives it away.
    expect(cellEnds(['a' + S + 'x', '1', 'b', '2'].join(S), 4)).toBeUndefined();
  });

  it('refuses a block with fewer cells than expected', () => {
    expect(cellEnds(['a', 'b'].join(S), 3)).toBeUndefined();
  });

  it('reuses the array it is given when large enough', () => {
    const reuse = new Int32Array(10);
    expect(cellEnds('a' + S + 'b', 2, reuse)).toBe(reuse);
    expect(cellEnds('a' + S + 'b', 2, new Int32Array(1))).toHaveLength(2);
  });
});
