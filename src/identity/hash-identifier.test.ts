import { describe, expect, it } from 'vitest';
import { hashIdentifier, hashRow, presentValue } from './hash-identifier.js';
import { ID_SCHEMA_NAME, parseIdTypes } from './id-types.js';
import { sha256Hex } from './sha256.js';

const US = { defaultRegion: 'US' };
const UPPER_HASH = '973DFE463EC85785F5F95AF5BA3906EEDB2D931C24E69824A89EA65DBA4E813B';
const LOWER_HASH = UPPER_HASH.toLowerCase();

describe('hashIdentifier', () => {
  it('passes an existing SHA-256 through lower-cased, for every type', () => {
    for (const type of ['EMAIL', 'PHONE', 'IDFA', 'AAID'] as const) {
      expect(hashIdentifier(type, ` ${UPPER_HASH} `, US)).toEqual({ kind: 'ok', hash: LOWER_HASH });
    }
  });

  it('reports blank values as missing, not rejected', () => {
    for (const raw of [null, undefined, '', '   ', '\t\n']) {
      expect(hashIdentifier('EMAIL', raw, US)).toEqual({ kind: 'missing' });
    }
  });

  it('names the rejection reason of each type', () => {
    expect(hashIdentifier('EMAIL', 'not-an-email', US)).toEqual({
      kind: 'rejected',
      reason: 'email_invalid',
    });
    expect(hashIdentifier('PHONE', '555', US)).toEqual({ kind: 'rejected', reason: 'phone_invalid' });
    expect(hashIdentifier('IDFA', 'abc', US)).toEqual({ kind: 'rejected', reason: 'maid_invalid' });
    expect(hashIdentifier('AAID', '00000000-0000-0000-0000-000000000000', US)).toEqual({
      kind: 'rejected',
      reason: 'maid_invalid',
    });
  });

  it('uses the default region for national phone numbers', () => {
    const gb = hashIdentifier('PHONE', '020 7946 0958', { defaultRegion: 'GB' });
    expect(gb).toEqual({ kind: 'ok', hash: sha256Hex('+442079460958') });
    expect(hashIdentifier('PHONE', '020 7946 0958', US)).toEqual({
      kind: 'rejected',
      reason: 'phone_invalid',
    });
  });
});

describe('hashRow', () => {
  it('hashes only the chosen identifiers', () => {
    const row = { email: 'A@B.co', phone: '(206) 555-0100', idfa: '6d92078a-8246-4ba4-ae5b-76104861e7dc' };
    expect(hashRow(row, ['EMAIL', 'PHONE'], US)).toEqual({
      hashes: { EMAIL: sha256Hex('a@b.co'), PHONE: sha256Hex('+12065550100') },
      rejects: [],
    });
  });

  it('counts a rejection per field and keeps the valid ones', () => {
    const result = hashRow({ email: 'bad', phone: '123', aaid: 'x' }, ['EMAIL', 'PHONE', 'AAID'], US);
    expect(result).toEqual({ hashes: {}, rejects: ['email_invalid', 'phone_invalid', 'maid_invalid'] });
    const partly = hashRow({ email: 'a@b.co', phone: '123' }, ['EMAIL', 'PHONE'], US);
    expect(partly.hashes).toEqual({ EMAIL: sha256Hex('a@b.co') });
    expect(partly.rejects).toEqual(['phone_invalid']);
  });

  it('reports no_identifier when none of the chosen identifiers is given', () => {
    expect(hashRow({ email: ' ', phone: null, idfa: 'ignored-not-chosen' }, ['EMAIL', 'PHONE'], US)).toEqual({
      hashes: {},
      rejects: ['no_identifier'],
    });
  });
});

describe('presentValue', () => {
  it('trims present values and accepts numbers from database drivers', () => {
    expect(presentValue('  x ')).toBe('x');
    expect(presentValue(2065550100 as unknown as string)).toBe('2065550100');
    expect(presentValue(' ')).toBeUndefined();
  });
});

describe('parseIdTypes', () => {
  it('parses a comma-separated list, forgiving case, spaces and repeats', () => {
    expect(parseIdTypes('EMAIL,PHONE')).toEqual(['EMAIL', 'PHONE']);
    expect(parseIdTypes(' phone , email,PHONE ')).toEqual(['PHONE', 'EMAIL']);
    expect(parseIdTypes('IDFA,AAID')).toEqual(['IDFA', 'AAID']);
  });

  it('names the bad value', () => {
    expect(() => parseIdTypes('EMAIL,MAID')).toThrow(/"MAID"/);
    expect(() => parseIdTypes(' , ')).toThrow(/No user id type/);
  });

  it('maps each type to its TikTok id_schema name', () => {
    expect(parseIdTypes('EMAIL,PHONE,IDFA,AAID').map((type) => ID_SCHEMA_NAME[type])).toEqual([
      'EMAIL_SHA256',
      'PHONE_SHA256',
      'IDFA_SHA256',
      'AAID_SHA256',
    ]);
  });
});
