import { describe, expect, it } from 'vitest';
import type { GroupedEvent } from './grouping.js';
import { toTrackEvent } from './mapping.js';
import { trackEventJson } from './track-json.js';

function event(extra: Partial<GroupedEvent> = {}): GroupedEvent {
  return {
    eventId: 'o1',
    eventIdDerived: false,
    event: 'Purchase',
    eventSetId: '7654321098765432109',
    eventSource: 'offline',
    eventSourceId: '7654321098765432109',
    eventTime: 1718013000,
    emailSha256: 'e'.repeat(64),
    contents: [],
    sourceRows: [],
    duplicateRows: 0,
    valueComputed: false,
    rowCount: 1,
    conflicts: [],
    ...extra,
  };
}

const cases: [string, GroupedEvent][] = [
  ['the bare minimum', event()],
  [
    'every field',
    event({
      phoneSha256: 'f'.repeat(64),
      ip: '2001:db8::1',
      userAgent: 'Mozilla/5.0 "quoted" \\ back',
      ttp: 'cookie-1',
      ttclid: 'click-1',
      currency: 'USD',
      value: 30.25,
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
        { price: 0.1 },
        {},
      ],
    }),
  ],
  ['text needing escapes and non-ASCII', event({ eventId: 'a"b\\c\n\u2028é😀', orderId: '\u0007tab\t' })],
  ['lone surrogates', event({ eventId: 'a\ud800b', orderId: '\udc00', userAgent: 'x\u007f\u001f' })],
  ['only properties without contents', event({ value: 0, currency: 'EUR' })],
  ['numbers JSON writes specially', event({ value: 1e21, contents: [{ price: 5e-7, quantity: 3 }] })],
];

describe('trackEventJson', () => {
  for (const [name, e] of cases) {
    for (const settings of [{}, { limitedDataUse: true }, { limitedDataUse: false }]) {
      it(`writes what JSON.stringify(toTrackEvent()) writes: ${name}, ${JSON.stringify(settings)}`, () => {
        expect(trackEventJson(e, settings)).toBe(JSON.stringify(toTrackEvent(e, settings)));
      });
    }
  }
});
