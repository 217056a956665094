import { describe, expect, it } from 'vitest';
import {
  cellText,
  matchIgnoringCase,
  NOT_TEXT,
  parseCurrency,
  parseIp,
  parseNonNegative,
  parsePositiveInteger,
} from './field-rules.js';

describe('cellText', () => {
  it('trims text and treats blank, null and undefined as absent', () => {
    expect(cellText('  a b ')).toBe('a b');
    expect(cellText('   ')).toBeUndefined();
    expect(cellText(null)).toBeUndefined();
    expect(cellText(undefined)).toBeUndefined();
  });

  it('turns numbers, bigints and Dates from database drivers into text', () => {
    expect(cellText(12.5)).toBe('12.5');
    expect(cellText(7654321098765432109n)).toBe('7654321098765432109');
    expect(cellText(new Date('2024-06-10T10:00:00Z'))).toBe('2024-06-10T10:00:00.000Z');
  });

  it('refuses objects, arrays, booleans and invalid Dates', () => {
    for (const value of [{}, ['a'], true, new Date('nope')]) expect(cellText(value)).toBe(NOT_TEXT);
  });
});

describe('numbers', () => {
  it.each([
    ['0', 0],
    ['12.50', 12.5],
    ['+3', 3],
    ['.5', 0.5],
    ['1e3', 1000],
  ])('parseNonNegative(%j) = %d', (text, n) => expect(parseNonNegative(text)).toBe(n));

  it.each(['-1', 'abc', '1,234.50', '0x10', 'Infinity', 'NaN', '1e999', '12 EUR'])(
    'parseNonNegative(%j) is invalid',
    (text) => expect(parseNonNegative(text)).toBeNull(),
  );

  it('parsePositiveInteger accepts whole numbers from 1', () => {
    expect(parsePositiveInteger('1')).toBe(1);
    expect(parsePositiveInteger('3.0')).toBe(3);
    for (const text of ['0', '-2', '1.5', 'two', '9007199254740993'])
      expect(parsePositiveInteger(text)).toBeNull();
  });
});

describe('codes and addresses', () => {
  it('parseCurrency upper-cases ISO 4217 codes and refuses others', () => {
    expect(parseCurrency('usd')).toBe('USD');
    expect(parseCurrency('EUR')).toBe('EUR');
    for (const text of ['US', 'DOLLAR', 'XYZ', '$']) expect(parseCurrency(text)).toBeNull();
  });

  it('parseIp accepts IPv4 and full or compressed IPv6', () => {
    for (const ip of [
      '203.0.113.7',
      '2001:0db8:0000:0000:0000:ff00:0042:8329',
      '2001:db8::ff00:42:8329',
      '::1',
    ]) {
      expect(parseIp(ip)).toBe(ip);
    }
    for (const ip of ['256.1.1.1', '1.2.3', '[::1]', 'localhost', '2001:db8:::1'])
      expect(parseIp(ip)).toBeNull();
  });

  it('matchIgnoringCase returns the canonical spelling', () => {
    expect(matchIgnoringCase('PURCHASE', ['Purchase', 'Lead'])).toBe('Purchase');
    expect(matchIgnoringCase('Buy', ['Purchase', 'Lead'])).toBeNull();
  });
});
