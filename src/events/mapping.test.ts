import { describe, expect, it } from 'vitest';
import type { GroupedEvent } from './grouping.js';
import { buildTrackBodies, toTrackEvent, TrackBatcher } from './mapping.js';

const EMAIL = 'e'.repeat(64);
const PHONE = 'f'.repeat(64);

function event(eventId: string, extra: Partial<GroupedEvent> = {}): GroupedEvent {
  return {
    eventId,
    eventIdDerived: false,
    event: 'Purchase',
    eventSetId: '7654321098765432109',
    eventSource: 'offline',
    eventSourceId: '7654321098765432109',
    eventTime: 1718013000,
    emailSha256: EMAIL,
    contents: [],
    sourceRows: [],
    duplicateRows: 0,
    valueComputed: false,
    rowCount: 1,
    conflicts: [],
    ...extra,
  };
}

describe('toTrackEvent', () => {
  it('maps every field, with the renames, exactly', () => {
    const full = event('o1', {
      phoneSha256: PHONE,
      ip: '2001:db8::1',
      userAgent: 'Mozilla/5.0',
      ttp: 'cookie-1',
      ttclid: 'click-1',
      currency: 'USD',
      value: 30,
      contentType: 'product',
      orderId: 'order-1',
      shopId: 'store-7',
      eventChannel: 'in_store',
      contents: [
        {
          price: 10,
          quantity: 2,
          contentId: 'sku-1',
          contentCategory: 'shoes',
          contentName: 'Runner',
          brand: 'Acme',
        },
        { price: 10, contentId: 'sku-2' },
      ],
    });
    expect(toTrackEvent(full, { limitedDataUse: true })).toStrictEqual({
      event: 'Purchase',
      event_time: 1718013000,
      event_id: 'o1',
      user: {
        email: EMAIL,
        phone: PHONE,
        ttclid: 'click-1',
        ttp: 'cookie-1',
        ip: '2001:db8::1',
        user_agent: 'Mozilla/5.0',
      },
      properties: {
        contents: [
          {
            price: 10,
            quantity: 2,
            content_id: 'sku-1',
            content_category: 'shoes',
            content_name: 'Runner',
            brand: 'Acme',
          },
          { price: 10, content_id: 'sku-2' },
        ],
        content_type: 'product',
        currency: 'USD',
        value: 30,
        order_id: 'order-1',
        shop_id: 'store-7',
        event_channel: 'in_store',
      },
      limited_data_use: true,
    });
  });

  it('omits empty fields, empty properties and an unset limited_data_use', () => {
    expect(toTrackEvent(event('o1'))).toStrictEqual({
      event: 'Purchase',
      event_time: 1718013000,
      event_id: 'o1',
      user: { email: EMAIL },
    });
  });

  it('passes limited_data_use false through', () => {
    expect(toTrackEvent(event('o1'), { limitedDataUse: false }).limited_data_use).toBe(false);
  });
});

describe('request bodies', () => {
  it('uses the event source and its id, and the test event code', () => {
    const web = event('w1', { eventSource: 'web', eventSourceId: 'CPIXEL123' });
    expect(buildTrackBodies([event('o1'), web], { testEventCode: 'TEST42' })).toStrictEqual([
      {
        event_source: 'offline',
        event_source_id: '7654321098765432109',
        test_event_code: 'TEST42',
        data: [toTrackEvent(event('o1'))],
      },
      {
        event_source: 'web',
        event_source_id: 'CPIXEL123',
        test_event_code: 'TEST42',
        data: [toTrackEvent(web)],
      },
    ]);
  });

  it('omits test_event_code when not set', () => {
    expect(buildTrackBodies([event('o1')])[0]).not.toHaveProperty('test_event_code');
  });

  it('never puts more than the maximum in one body, and returns full bodies as they fill', () => {
    const batcher = new TrackBatcher({}, 2);
    expect(batcher.add(event('1'))).toBeUndefined();
    expect(batcher.add(event('2'))?.data.map((d) => d.event_id)).toEqual(['1', '2']);
    expect(batcher.add(event('3'))).toBeUndefined();
    expect(batcher.flush().map((b) => b.data.map((d) => d.event_id))).toEqual([['3']]);
    expect(batcher.flush()).toEqual([]);
  });

  it('splits 2,001 events into bodies of 1,000, 1,000 and 1', () => {
    const events = Array.from({ length: 2001 }, (_, i) => event(String(i)));
    expect(buildTrackBodies(events).map((b) => b.data.length)).toEqual([1000, 1000, 1]);
  });
});
