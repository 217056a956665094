import { describe, expect, it } from 'vitest';
import { hashIdentifier } from './hash-identifier.js';
import { normalizePhone, phoneRegion } from './phone.js';
import { PHONE_INVALID } from './types.js';

describe('normalizePhone', () => {
  it.each([
    ['(206) 555-0100', 'US', '+12065550100'],
    ['206.555.0100', 'US', '+12065550100'],
    ['206-555-0100', 'US', '+12065550100'],
    ['2065550100', 'US', '+12065550100'],
    ['1-206-555-0100', 'US', '+12065550100'],
    ['1 (206) 555-0100', 'US', '+12065550100'],
    ['  +1-206-555-0100  ', 'US', '+12065550100'],
    ['+1 206 555 0100', 'US', '+12065550100'],
    ['+1 (206) 555-0100', 'GB', '+12065550100'],
    ['001 206 555 0100', 'US', '+12065550100'],
    ['011 1 206 555 0100', 'US', '+12065550100'],
    ['00 1 206 555 0100', 'GB', '+12065550100'],
    ['613-555-0199', 'CA', '+16135550199'],
    ['+1 613 555 0199', 'US', '+16135550199'],
    ['+44 20 7946 0958', 'US', '+442079460958'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['0044 20 7946 0958', 'US', '+442079460958'],
    ['011 44 20 7946 0958', 'US', '+442079460958'],
    ['011 44 20 7946 0958', 'GB', '+442079460958'],
    ['0114 496 0000', 'GB', '+441144960000'], // a Sheffield number, not an 011 prefix
    ['+33 6 12 34 56 78', 'US', '+33612345678'],
    ['00 33 6 12 34 56 78', 'US', '+33612345678'],
    ['030 1234567', 'DE', '+49301234567'],
    ['２０６５５５０１００', 'US', '+12065550100'], // full-width digits
    ['tel:+1-206-555-0100', 'US', '+12065550100'],
  ])('reads %j (region %s) as %s', (raw, region, expected) => {
    expect(normalizePhone(raw, region)).toBe(expected);
  });

  it.each([
    ['+12065550100 ext 5'],
    ['206-555-0100 ext. 12'],
    ['+1 206 555 0100 x12'],
    ['(206) 555-0100 #12'],
    ['+1 206 555 0100;ext=55'],
  ])('drops the extension of %j', (raw) => {
    expect(normalizePhone(raw, 'US')).toBe('+12065550100');
  });

  it.each([
    ['555-0100', 'too short for the region'],
    ['123', 'too short'],
    ['(206) 555-010', 'nine digits'],
    ['206 555 01000', 'eleven digits without a leading 1'],
    ['12345678901234567890', 'too long'],
    ['+1 555 555 5555', 'no such area code'],
    ['0000000000', 'zeros'],
    ['+999 1234567', 'no such country code'],
    ['+44 20 7946 095', 'too short for the country'],
    ['206-555-CALL', 'letters'],
    ['1-800-FLOWERS', 'vanity letters'],
    ['N/A', 'text'],
    ['++1 206 555 0100', 'two plus signs'],
  ])('rejects %j (%s) as phone_invalid', (raw) => {
    expect(normalizePhone(raw, 'US')).toBe(PHONE_INVALID);
  });

  it('reads national numbers in the default region only', () => {
    expect(normalizePhone('020 7946 0958', 'US')).toBe(PHONE_INVALID);
    expect(normalizePhone('(206) 555-0100', 'GB')).toBe(PHONE_INVALID);
  });

  it('hashes the E.164 string', () => {
    // sha256("+12065550100")
    const expected = 'b4fa1a0e9e520f7186de1a00b1b84abb55a5c7feab09e7c3b8059ca32a6abd4f';
    for (const raw of ['(206) 555-0100', '+1 206 555 0100', '001 206 555 0100', '+12065550100 ext 5']) {
      expect(hashIdentifier('PHONE', raw, { defaultRegion: 'US' })).toEqual({ kind: 'ok', hash: expected });
    }
    expect(hashIdentifier('PHONE', '020 7946 0958', { defaultRegion: 'GB' })).toEqual({
      kind: 'ok',
      hash: 'f0bf0228144d9fe2bdf1da2d8ca698f17bf1410ee688b075c27062e47b6f0b6d',
    });
  });
});

describe('phoneRegion', () => {
  it('accepts any case and reuses the prepared region', () => {
    expect(phoneRegion('us')).toBe(phoneRegion('US'));
    expect(phoneRegion(' gb ').code).toBe('GB');
  });

  it('names an unknown region', () => {
    expect(() => phoneRegion('XX')).toThrow(/Unknown phone region "XX"/);
    expect(() => normalizePhone('2065550100', 'USA')).toThrow(/USA/);
  });
});
