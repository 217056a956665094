import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { EventRow } from './event-row.js';
import { createRowValidator } from './row-validator.js';
import { parseEventSettings, type EventSettingsInput } from './settings.js';

const NOW = Date.parse('2024-06-15T12:00:00Z');
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const BASE = {
  email: 'jane@example.com',
  event: 'Purchase',
  event_id: 'order-1',
  event_set_id: '7654321098765432109',
  timestamp: '2024-06-10T10:00:00Z',
};

function accepted(change: Record<string, unknown>, settings: Partial<EventSettingsInput> = {}): EventRow {
  const result = createRowValidator(
    parseEventSettings({ defaultRegion: 'US', ...settings }),
    NOW,
  )({ ...BASE, ...change });
  if (!result.ok) throw new Error(`expected a valid row, got ${JSON.stringify(result.rejects)}`);
  return result.row;
}

describe('identifiers', () => {
  it('hashes the trimmed, lower-cased email and passes an existing hash through lower-cased', () => {
    expect(accepted({ email: '  JANE@Example.COM ' }).emailSha256).toBe(sha('jane@example.com'));
    const hash = sha('jane@example.com');
    expect(accepted({ email: hash.toUpperCase() }).emailSha256).toBe(hash);
  });

  it('hashes the phone in E.164, reading national numbers in the default region', () => {
    expect(accepted({ phone: '+1 206-555-0100' }).phoneSha256).toBe(sha('+12065550100'));
    expect(accepted({ phone: '(206) 555-0100' }).phoneSha256).toBe(sha('+12065550100'));
    expect(accepted({ phone: '020 7946 0958' }, { defaultRegion: 'GB' }).phoneSha256).toBe(
      sha('+442079460958'),
    );
    const hash = sha('+12065550100');
    expect(accepted({ phone: hash.toUpperCase() }).phoneSha256).toBe(hash);
  });
});

describe('event, event set and source', () => {
  it('accepts every standard and legacy event name, canonicalising case', () => {
    for (const name of [
      'AddToWishlist',
      'SubmitApplication',
      'ViewContent',
      'CompletePayment',
      'PlaceAnOrder',
    ]) {
      expect(accepted({ event: name }).event).toBe(name);
    }
    expect(accepted({ event: 'completepayment' }).event).toBe('CompletePayment');
  });

  it('a fixed event in the settings overrides the row and fills a missing one', () => {
    expect(accepted({ event: 'Lead' }, { fixedEvent: 'Subscribe' }).event).toBe('Subscribe');
    expect(accepted({ event: undefined }, { fixedEvent: 'Subscribe' }).event).toBe('Subscribe');
  });

  it('takes event_set_id from the settings when the row has none; the row wins otherwise', () => {
    expect(accepted({ event_set_id: undefined }, { eventSetId: '111' }).eventSetId).toBe('111');
    expect(accepted({}, { eventSetId: '111' }).eventSetId).toBe('7654321098765432109');
  });

  it('defaults the event source to offline, takes the setting, and uses the pixel code for web', () => {
    expect(accepted({}).eventSource).toBe('offline');
    const web = accepted({ event_set_id: undefined }, { eventSource: 'web', pixelCode: 'CPIXEL' });
    expect([web.eventSource, web.eventSourceId]).toEqual(['web', 'CPIXEL']);
    const row = accepted({ event_source: 'OFFLINE' }, { eventSource: 'web', pixelCode: 'CPIXEL' });
    expect([row.eventSource, row.eventSourceId]).toEqual(['offline', '7654321098765432109']);
  });

  it("a web row needs its pixel code only: in the event_set_id column, or as the settings' event set id", () => {
    const pixel = 'CEMULATORPIXEL0000001';
    const fromColumn = accepted({ event_source: 'web', event_set_id: pixel });
    expect([fromColumn.eventSource, fromColumn.eventSourceId, fromColumn.eventSetId]).toEqual([
      'web',
      pixel,
      pixel,
    ]);
    const fromSettings = accepted({ event_set_id: undefined }, { eventSource: 'web', eventSetId: pixel });
    expect([fromSettings.eventSource, fromSettings.eventSourceId]).toEqual(['web', pixel]);
    // The pixel code setting stays an alias; the row's own event_set_id wins over it.
    const alias = accepted({ event_source: 'web', event_set_id: undefined }, { pixelCode: pixel });
    expect(alias.eventSourceId).toBe(pixel);
    expect(
      accepted({ event_source: 'web', event_set_id: 'CROWPIXEL1' }, { pixelCode: pixel }).eventSourceId,
    ).toBe('CROWPIXEL1');
  });
});

describe('other fields', () => {
  it('renames and normalises every optional field', () => {
    const row = accepted({
      agent: 'Mozilla/5.0',
      cookie_id: 'ttp-1',
      tiktok_click_id: 'click-1',
      ip: '2001:db8::1',
      currency: 'eur',
      value: '12.50',
      content_type: 'Product',
      order_id: 'A-1',
      shop_id: 'store-7',
      event_channel: 'In_Store',
      price: '6.25',
      quantity: '2',
      content_id: 'sku-1',
      content_category: 'shoes',
      content_name: 'Runner',
      brand: 'Acme',
    });
    expect(row).toMatchObject({
      userAgent: 'Mozilla/5.0',
      ttp: 'ttp-1',
      ttclid: 'click-1',
      ip: '2001:db8::1',
      currency: 'EUR',
      value: 12.5,
      contentType: 'product',
      orderId: 'A-1',
      shopId: 'store-7',
      eventChannel: 'in_store',
      content: {
        price: 6.25,
        quantity: 2,
        contentId: 'sku-1',
        contentCategory: 'shoes',
        contentName: 'Runner',
        brand: 'Acme',
      },
    });
  });

  it.each(['email', 'website', 'phone_call', 'in_store', 'crm', 'other'])(
    'accepts event_channel %s',
    (channel) => {
      expect(accepted({ event_channel: channel }).eventChannel).toBe(channel);
    },
  );

  it('accepts IPv4, full IPv6, zero price, and numbers from database drivers', () => {
    expect(accepted({ ip: '203.0.113.7' }).ip).toBe('203.0.113.7');
    expect(accepted({ ip: '2001:0db8:0000:0000:0000:ff00:0042:8329' }).ip).toBe(
      '2001:0db8:0000:0000:0000:ff00:0042:8329',
    );
    expect(accepted({ price: '0', quantity: 3, value: 0 }).content).toEqual({ price: 0, quantity: 3 });
  });

  it('ignores columns that are not parameters', () => {
    expect(accepted({ customer_name: 'Jane' })).not.toHaveProperty('customer_name');
  });
});

describe('timestamps', () => {
  it('reads the configured time zone, Unix seconds and milliseconds', () => {
    const at = Date.parse('2024-06-10T14:00:00Z') / 1000;
    expect(accepted({ timestamp: '2024-06-10 10:00:00' }, { timeZone: 'America/New_York' }).eventTime).toBe(
      at,
    );
    expect(accepted({ timestamp: String(at) }).eventTime).toBe(at);
    expect(accepted({ timestamp: String(at * 1000 + 999) }).eventTime).toBe(at);
  });

  it('accepts the window edges: exactly 28 days ago and the clock skew ahead', () => {
    expect(accepted({ timestamp: '2024-05-18T12:00:00Z' }).eventTime).toBe(
      Date.parse('2024-05-18T12:00:00Z') / 1000,
    );
    expect(accepted({ timestamp: '2024-06-15T12:05:00Z' }).eventTime).toBe(
      Date.parse('2024-06-15T12:05:00Z') / 1000,
    );
    expect(
      accepted({ timestamp: '2024-06-15T13:00:00Z' }, { clockSkewSeconds: 3600 }).eventTime,
    ).toBeGreaterThan(0);
  });

  it('dates an event without timestamp at now when it has an event_id', () => {
    expect(accepted({ timestamp: undefined }).eventTime).toBe(NOW / 1000);
  });
});

describe('derived event_id', () => {
  const derive = (change: Record<string, unknown>, settings: Partial<EventSettingsInput> = {}) =>
    accepted({ event_id: undefined, ...change }, settings);

  it('is 32 hex characters, marked derived, and the same for the same input', () => {
    const first = derive({});
    expect(first.eventId).toMatch(/^[0-9a-f]{32}$/);
    expect(first.eventIdDerived).toBe(true);
    expect(derive({}).eventId).toBe(first.eventId);
  });

  it('is the same for equivalent spellings of the same values', () => {
    const id = derive({ phone: '+12065550100' }).eventId;
    const hashedEmail = sha('jane@example.com');
    const unix = String(Date.parse(BASE.timestamp) / 1000);
    expect(derive({ email: ' JANE@example.com', phone: '(206) 555-0100', timestamp: unix }).eventId).toBe(id);
    expect(derive({ email: hashedEmail, phone: '206.555.0100', event: 'purchase' }).eventId).toBe(id);
  });

  it('differs when the timestamp, event, email or phone differs', () => {
    const id = derive({}).eventId;
    expect(derive({ timestamp: '2024-06-10T10:00:01Z' }).eventId).not.toBe(id);
    expect(derive({ event: 'Lead' }).eventId).not.toBe(id);
    expect(derive({ email: 'john@example.com' }).eventId).not.toBe(id);
    expect(derive({ phone: '+12065550100' }).eventId).not.toBe(id);
  });

  it('keeps a given event_id as is', () => {
    expect(accepted({ event_id: ' abc ' })).toMatchObject({ eventId: 'abc', eventIdDerived: false });
  });
});
