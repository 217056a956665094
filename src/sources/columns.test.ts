import { describe, expect, it } from 'vitest';
import { resolveColumns, resolveIdentifierColumns } from './columns.js';
import { SourceError } from './errors.js';

function caught(fn: () => unknown): SourceError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SourceError) return error;
    throw error;
  }
  throw new Error('expected a SourceError');
}

describe('resolveIdentifierColumns', () => {
  it('finds identifiers by common names, ignoring case, spaces, dashes and underscores', () => {
    expect(resolveIdentifierColumns(['id', 'E-Mail', 'Mobile Phone', 'IOS_AD_ID', 'GAID'])).toEqual({
      email: 'E-Mail',
      phone: 'Mobile Phone',
      idfa: 'IOS_AD_ID',
      aaid: 'GAID',
    });
    expect(resolveIdentifierColumns(['msisdn', 'Email_Address'])).toEqual({
      email: 'Email_Address',
      phone: 'msisdn',
    });
  });

  it('prefers the field name, then aliases in order', () => {
    expect(resolveIdentifierColumns(['mail', 'email', 'telephone', 'phone_number'])).toEqual({
      email: 'email',
      phone: 'phone_number',
    });
  });

  it('lets an explicit mapping win over defaults', () => {
    expect(resolveIdentifierColumns(['email', 'EmailAddr'], { overrides: { email: 'EmailAddr' } })).toEqual({
      email: 'EmailAddr',
    });
    expect(resolveIdentifierColumns(['emailaddr'], { overrides: { email: 'EmailAddr' } })).toEqual({
      email: 'emailaddr',
    });
  });

  it('names the missing mapped column and lists the columns found', () => {
    const error = caught(() =>
      resolveIdentifierColumns(['id', 'mail_addr'], { overrides: { email: 'EmailAddr' }, source: 'c.csv' }),
    );
    expect(error.code).toBe('column_missing');
    expect(error.message).toContain('"EmailAddr"');
    expect(error.message).toContain('c.csv');
    expect(error.message).toContain('Columns found: id, mail_addr');
  });

  it('fails when no identifier column exists, and when a required one is absent', () => {
    const none = caught(() => resolveIdentifierColumns(['id', 'name'], { source: 'c.csv' }));
    expect(none.code).toBe('column_missing');
    expect(none.message).toContain('Columns found: id, name');
    const phone = caught(() => resolveIdentifierColumns(['email'], { require: ['email', 'phone'] }));
    expect(phone.message).toMatch(/No column for phone: expected one of phone, phone_number/);
  });

  it('refuses a mapping for an unknown field (a typo)', () => {
    const error = caught(() =>
      resolveColumns<string>(['email'], { email: [] }, { overrides: { emial: 'email' } }),
    );
    expect(error.code).toBe('invalid_source');
    expect(error.message).toContain('"emial"');
  });
});

describe('resolveColumns for event fields', () => {
  const wanted = {
    event: ['event_name', 'event_type'],
    event_id: ['id'],
    timestamp: ['event_time', 'ts', 'created_at'],
    tiktok_click_id: ['ttclid'],
    value: [],
  } as const;

  it('maps generic fields with aliases, overrides and required fields', () => {
    const map = resolveColumns<keyof typeof wanted>(
      ['Event_Name', 'ID', 'created_at', 'ttclid', 'amount'],
      wanted,
      {
        overrides: { value: 'Amount' },
        required: ['event', 'event_id'],
      },
    );
    expect(map).toEqual({
      event: 'Event_Name',
      event_id: 'ID',
      timestamp: 'created_at',
      tiktok_click_id: 'ttclid',
      value: 'amount',
    });
  });

  it('leaves optional fields without a column unmapped', () => {
    expect(resolveColumns(['event'], wanted)).toEqual({ event: 'event' });
  });

  it('fails for a required field without a column', () => {
    const error = caught(() =>
      resolveColumns(['event'], wanted, { required: ['event_id'], source: 'SQL source' }),
    );
    expect(error.message).toContain('No column for event_id in SQL source');
  });
});
