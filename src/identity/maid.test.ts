import { describe, expect, it } from 'vitest';
import { hashIdentifier } from './hash-identifier.js';
import { normalizeMaid } from './maid.js';
import { MAID_INVALID } from './types.js';

describe('normalizeMaid', () => {
  it('trims and lower-cases IDFA / AAID values', () => {
    expect(normalizeMaid(' 6D92078A-8246-4BA4-AE5B-76104861E7DC ')).toBe(
      '6d92078a-8246-4ba4-ae5b-76104861e7dc',
    );
    expect(normalizeMaid('cdda802e-fb9c-47ad-9866-0794d394c912')).toBe(
      'cdda802e-fb9c-47ad-9866-0794d394c912',
    );
  });

  it('hashes the lower-cased UUID for both IDFA and AAID', () => {
    const expected = '31b806b4deec8c4cb1ffb18b9ab4ee1fa82a2b30e1f47902f04d03f5db023376';
    expect(hashIdentifier('IDFA', '6D92078A-8246-4BA4-AE5B-76104861E7DC', { defaultRegion: 'US' })).toEqual({
      kind: 'ok',
      hash: expected,
    });
    expect(hashIdentifier('AAID', '6d92078a-8246-4ba4-ae5b-76104861e7dc', { defaultRegion: 'US' })).toEqual({
      kind: 'ok',
      hash: expected,
    });
  });

  it.each([
    '00000000-0000-0000-0000-000000000000', // limit ad tracking
    '6d92078a82464ba4ae5b76104861e7dc', // no dashes
    '{6d92078a-8246-4ba4-ae5b-76104861e7dc}',
    '6d92078a-8246-4ba4-ae5b-76104861e7d',
    '6d92078a-8246-4ba4-ae5b-76104861e7dcx',
    'zd92078a-8246-4ba4-ae5b-76104861e7dc',
    '6d92078a-8246-4ba4-ae5b 76104861e7dc',
    'unknown',
  ])('rejects %j as maid_invalid', (raw) => {
    expect(normalizeMaid(raw)).toBe(MAID_INVALID);
  });
});
