import { describe, expect, it } from 'vitest';
import { STATUS_MISSING, STATUS_OK, STATUS_REJECTED, hashAt, hashColumns, rowOf } from './hash-columns.js';
import { hashRow } from './hash-identifier.js';
import { mergeChunks } from './merge-chunks.js';
import { packColumn, unpackAt } from './pool-protocol.js';
import { sha256Hex } from './sha256.js';

const US = { defaultRegion: 'US' };
const PREHASHED = 'AB'.repeat(32);

const SAMPLE = {
  email: ['a@b.co', 'bad', null, ' X@Y.org ', PREHASHED, '', 'élise@exemple.fr'],
  phone: [
    '(206) 555-0100',
    '123',
    '+44 20 7946 0958',
    undefined,
    '',
    '+12065550100 ext 5',
    '001 206 555 0100',
  ],
};

describe('hashColumns', () => {
  it('gives per row exactly what hashRow gives', () => {
    const chunk = hashColumns(SAMPLE, ['EMAIL', 'PHONE'], US);
    expect(chunk.rows).toBe(7);
    for (let row = 0; row < chunk.rows; row++) {
      const expected = hashRow(
        { email: SAMPLE.email[row], phone: SAMPLE.phone[row] },
        ['EMAIL', 'PHONE'],
        US,
      );
      expect(rowOf(chunk, row)).toEqual(expected);
    }
  });

  it('marks each row ok, missing or rejected and hands out hashes by row', () => {
    const chunk = hashColumns(SAMPLE, ['EMAIL'], US);
    expect(Array.from(chunk.columns.EMAIL?.status ?? [])).toEqual([
      STATUS_OK,
      STATUS_REJECTED,
      STATUS_MISSING,
      STATUS_OK,
      STATUS_OK,
      STATUS_MISSING,
      STATUS_OK,
    ]);
    expect(hashAt(chunk.columns.EMAIL, 3)).toBe(sha256Hex('x@y.org'));
    expect(hashAt(chunk.columns.EMAIL, 4)).toBe(PREHASHED.toLowerCase());
    expect(hashAt(chunk.columns.EMAIL, 1)).toBeUndefined();
    expect(hashAt(chunk.columns.PHONE, 0)).toBeUndefined();
  });

  it('treats an absent column as all missing', () => {
    const chunk = hashColumns({ email: ['a@b.co', null] }, ['EMAIL', 'PHONE'], US);
    expect(rowOf(chunk, 0)).toEqual({ hashes: { EMAIL: sha256Hex('a@b.co') }, rejects: [] });
    expect(rowOf(chunk, 1)).toEqual({ hashes: {}, rejects: ['no_identifier'] });
  });
});

describe('packColumn', () => {
  it('round-trips strings of any content, blanks and numbers', () => {
    const values = ['a', null, 'é\n,🙂', undefined, '', 42 as unknown as string, 'last'];
    const packed = packColumn(values, 1, values.length);
    expect(Array.from({ length: values.length - 1 }, (_, row) => unpackAt(packed, row))).toEqual([
      '',
      'é\n,🙂',
      '',
      '',
      '42',
      'last',
    ]);
  });
});

describe('mergeChunks', () => {
  it('joins chunks in row order', () => {
    const first = hashColumns({ email: SAMPLE.email.slice(0, 3) }, ['EMAIL'], US);
    const second = hashColumns({ email: SAMPLE.email.slice(3) }, ['EMAIL'], US);
    const whole = hashColumns({ email: SAMPLE.email }, ['EMAIL'], US);
    const merged = mergeChunks([first, second]);
    expect(merged.rows).toBe(whole.rows);
    expect(merged.columns.EMAIL?.hex).toBe(whole.columns.EMAIL?.hex);
    expect(Array.from(merged.columns.EMAIL?.status ?? [])).toEqual(
      Array.from(whole.columns.EMAIL?.status ?? []),
    );
  });
});
