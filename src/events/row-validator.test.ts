import { describe, expect, it } from 'vitest';
import type { RowResult } from './event-row.js';
import { issuesToRejects, createEventRowSchema } from './schema.js';
import { createFieldValidator } from './row-validator.js';
import { parseEventSettings } from './settings.js';
import { EVENT_FIELDS } from './vocabulary.js';

const NOW = Date.parse('2024-06-15T12:00:00Z');
const SETTINGS = parseEventSettings({ defaultRegion: 'US', eventSetId: '7654321098765432109' });

/** Rows that exercise every rule, valid and not; the fast validator must agree with zod on each. */
const ROWS: Record<string, unknown>[] = [
  { email: 'a@example.com', event: 'Purchase', event_id: 'o-1', timestamp: '2024-06-10T10:00:00Z' },
  {
    email: ' A@Example.com ',
    phone: '(206) 555-0100',
    event: 'completepayment',
    timestamp: '1718013600',
    price: '10.5',
    quantity: '2',
    content_id: 'sku-1',
    brand: 'Acme',
    currency: 'usd',
    event_channel: 'IN_STORE',
    content_type: 'Product',
    ip: '2001:db8::1',
    agent: 'Mozilla/5.0',
    cookie_id: 'c-1',
    tiktok_click_id: 't-1',
    order_id: 'order-9',
    shop_id: 'shop-1',
    value: '21',
  },
  { email: 'nope', event: 'Buy', event_id: 'x\ty', price: '-1', quantity: '0', timestamp: 'yesterday' },
  { email: null, event: undefined, timestamp: '2020-01-01T00:00:00Z', ip: '1.2.3.999', value: 'lots' },
  { email: 'b@example.com', event: 'Lead', brand: { nested: true } },
  { email: 'c@example.com', event: 'Lead', event_source: 'web', event_set_id: 'abc' },
  { email: 'e@example.com', event: 'Lead', event_id: 'w1', event_source: 'web', event_set_id: 'CPIXEL0001' },
  {
    email: 'f@example.com',
    event: 'Lead',
    event_id: 'w2',
    event_source: 'web',
    event_set_id: '7654321098765432109',
  },
  { email: 'd@example.com', event: 'Lead' },
];

function viaZod(raw: Record<string, unknown>): RowResult {
  const parsed = createEventRowSchema(SETTINGS, NOW).safeParse(raw);
  return parsed.success
    ? { ok: true, row: parsed.data }
    : { ok: false, rejects: issuesToRejects(parsed.error.issues) };
}

describe('createFieldValidator', () => {
  it.each(ROWS.map((row, i) => [i, row] as const))('agrees with the zod schema on row %i', (_, raw) => {
    const validate = createFieldValidator(SETTINGS, NOW, EVENT_FIELDS);
    expect(validate(EVENT_FIELDS.map((field) => raw[field]))).toStrictEqual(viaZod(raw));
  });

  it('gives each row only its own values when one validator checks them all in turn', () => {
    const validate = createFieldValidator(SETTINGS, NOW, EVENT_FIELDS);
    const results = ROWS.map((raw) => validate(EVENT_FIELDS.map((field) => raw[field])));
    expect(results).toStrictEqual(ROWS.map(viaZod));
  });

  it('reads cells by the position of the given fields and treats the others as blank', () => {
    const validate = createFieldValidator(SETTINGS, NOW, ['timestamp', 'email', 'event']);
    const result = validate(['2024-06-10T10:00:00Z', 'a@example.com', 'Purchase']);
    expect(result).toMatchObject({ ok: true, row: { event: 'Purchase', eventIdDerived: true } });
    expect(validate([null, 'a@example.com', 'Purchase'])).toMatchObject({
      ok: false,
      rejects: [{ reason: 'event_id_missing', field: 'event_id' }],
    });
  });

  it('refuses a field that is not a seed parameter', () => {
    expect(() => createFieldValidator(SETTINGS, NOW, ['email', 'mail' as 'email'])).toThrow(/mail/);
  });
});
