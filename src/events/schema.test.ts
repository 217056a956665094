import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { REJECT_REASONS, type RejectReason } from './vocabulary.js';
import type { EventRow } from './event-row.js';
import { createRowValidator } from './row-validator.js';
import { parseEventSettings, type EventSettingsInput } from './settings.js';

const NOW = Date.parse('2024-06-15T12:00:00Z');
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const BASE = {
  email: 'Jane.Doe@Example.com',
  event: 'Purchase',
  event_id: 'order-1',
  event_set_id: '7654321098765432109',
  timestamp: '2024-06-10T10:00:00Z',
};

function validate(raw: Record<string, unknown>, settings: Partial<EventSettingsInput> = {}) {
  return createRowValidator(parseEventSettings({ defaultRegion: 'US', ...settings }), NOW)(raw);
}

function accepted(raw: Record<string, unknown>, settings: Partial<EventSettingsInput> = {}): EventRow {
  const result = validate(raw, settings);
  if (!result.ok) throw new Error(`expected a valid row, got ${JSON.stringify(result.rejects)}`);
  return result.row;
}

function reasonsOf(raw: Record<string, unknown>, settings: Partial<EventSettingsInput> = {}) {
  const result = validate(raw, settings);
  return result.ok ? [] : result.rejects.map((r) => [r.field, r.reason]);
}

describe('a minimal valid row', () => {
  it('is normalised, with the email hashed and nothing empty', () => {
    expect(accepted(BASE)).toStrictEqual({
      eventId: 'order-1',
      eventIdDerived: false,
      event: 'Purchase',
      eventSetId: '7654321098765432109',
      eventSource: 'offline',
      eventSourceId: '7654321098765432109',
      eventTime: Date.parse('2024-06-10T10:00:00Z') / 1000,
      emailSha256: sha('jane.doe@example.com'),
    });
  });
});

type Case = [string, Record<string, unknown>, Partial<EventSettingsInput>, string, RejectReason];
const INVALID: Case[] = [
  ['no email', { email: undefined }, {}, 'email', 'email_missing'],
  ['blank email', { email: '  ' }, {}, 'email', 'email_missing'],
  ['bad email', { email: 'not-an-email' }, {}, 'email', 'email_invalid'],
  ['bad phone', { phone: '12' }, {}, 'phone', 'phone_invalid'],
  ['letters for phone', { phone: 'call me' }, {}, 'phone', 'phone_invalid'],
  ['no event', { event: null }, {}, 'event', 'event_missing'],
  ['unknown event', { event: 'Buy' }, {}, 'event', 'event_invalid'],
  ['no event_set_id', { event_set_id: '' }, {}, 'event_set_id', 'event_set_id_missing'],
  ['non-numeric event_set_id', { event_set_id: 'abc' }, {}, 'event_set_id', 'event_set_id_invalid'],
  ['bad event_source', { event_source: 'app' }, {}, 'event_source', 'event_source_invalid'],
  [
    'web without pixel code (an offline event set is no pixel)',
    { event_source: 'web', event_set_id: undefined },
    { eventSetId: '7654321098765432109' },
    'event_set_id',
    'pixel_code_missing',
  ],
  ['web with a numeric event_set_id', { event_source: 'web' }, {}, 'event_set_id', 'pixel_code_invalid'],
  [
    'web with a lower-case pixel code',
    { event_source: 'web', event_set_id: 'cemulatorpixel0000001' },
    {},
    'event_set_id',
    'pixel_code_invalid',
  ],
  [
    'offline with a pixel code',
    { event_set_id: 'CEMULATORPIXEL0000001' },
    {},
    'event_set_id',
    'event_set_id_invalid',
  ],
  ['bad event_channel', { event_channel: 'tv' }, {}, 'event_channel', 'event_channel_invalid'],
  ['bad content_type', { content_type: 'shoes' }, {}, 'content_type', 'content_type_invalid'],
  ['bad currency', { currency: 'DOLLARS' }, {}, 'currency', 'currency_invalid'],
  ['bad timestamp', { timestamp: '10/06/2024' }, {}, 'timestamp', 'timestamp_invalid'],
  ['too old', { timestamp: '2024-05-18T11:59:59Z' }, {}, 'timestamp', 'outside_window'],
  ['too far ahead', { timestamp: '2024-06-15T12:05:01Z' }, {}, 'timestamp', 'outside_window'],
  ['bad ip', { ip: '300.1.1.1' }, {}, 'ip', 'ip_invalid'],
  ['negative price', { price: '-1' }, {}, 'price', 'price_invalid'],
  ['text price', { price: 'ten' }, {}, 'price', 'price_invalid'],
  ['zero quantity', { quantity: '0' }, {}, 'quantity', 'quantity_invalid'],
  ['fractional quantity', { quantity: '1.5' }, {}, 'quantity', 'quantity_invalid'],
  ['negative value', { value: '-0.01' }, {}, 'value', 'value_invalid'],
  ['infinite value', { value: 'Infinity' }, {}, 'value', 'value_invalid'],
  ['control character in event_id', { event_id: 'order\t1' }, {}, 'event_id', 'event_id_invalid'],
  ['object in a text field', { brand: { name: 'x' } }, {}, 'brand', 'field_invalid'],
  [
    'no event_id and no timestamp',
    { event_id: undefined, timestamp: undefined },
    {},
    'event_id',
    'event_id_missing',
  ],
];

describe('invalid values: each gives its reject code on its field', () => {
  it.each(INVALID)('%s', (_, change, settings, field, reason) => {
    expect(reasonsOf({ ...BASE, ...change }, settings)).toEqual([[field, reason]]);
  });

  it('reports every broken rule of a row at once, with a description as message', () => {
    const result = validate({ ...BASE, email: '', currency: 'XX', quantity: '-3', event_channel: 'tv' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rejects.map((r) => r.reason)).toEqual([
      'currency_invalid',
      'email_missing',
      'event_channel_invalid',
      'quantity_invalid',
    ]);
    expect(result.rejects[0]?.message).toBe(`${REJECT_REASONS.currency_invalid} Got "XX".`);
    expect(result.rejects[1]?.message).toBe(REJECT_REASONS.email_missing);
  });

  it("reports an event_set_id of the wrong kind with the row's other faults", () => {
    expect(reasonsOf({ ...BASE, event_set_id: 'pixel-1', email: '' })).toEqual([
      ['email', 'email_missing'],
      ['event_set_id', 'event_set_id_invalid'],
    ]);
    const result = validate({ ...BASE, event_source: 'web' });
    expect(!result.ok && result.rejects[0]?.message).toBe(
      `${REJECT_REASONS.pixel_code_invalid} Got "7654321098765432109".`,
    );
  });

  it('never repeats personal data in messages', () => {
    const result = validate({ ...BASE, email: 'broken@', phone: '555', ip: '1.2.3.999' });
    expect(JSON.stringify(result)).not.toMatch(/broken@|555|1\.2\.3\.999/);
  });

  it('rejects a row that is not an object', () => {
    expect(validate(null as unknown as Record<string, unknown>)).toMatchObject({
      ok: false,
      rejects: [{ reason: 'field_invalid', field: '(row)' }],
    });
  });

  it('covers every published reject code', () => {
    const covered = new Set(INVALID.map((c) => c[4]));
    expect([...covered].sort()).toEqual(Object.keys(REJECT_REASONS).sort());
  });
});
