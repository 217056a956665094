import { describe, expect, it } from 'vitest';
import { ApiError } from './envelope.js';
import type { CheckedEventBytes } from './event-bytes.js';
import { EventStore } from './event-store.js';
import { validateEvents } from './event-validation.js';
import { sha } from './emulator.test-support.js';
import { readTrackBytes } from './track-bytes.js';

const NOW_MS = Date.UTC(2026, 11, 3, 12);
const NOW_S = NOW_MS / 1000;

function event(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    event: 'Purchase',
    event_time: NOW_S - 3600,
    event_id: 'order-1',
    user: { email: sha('a@example.com'), phone: [sha('+12065550100')], ip: '203.0.113.9', ttp: 'x' },
    properties: {
      currency: 'USD',
      value: 12.5,
      event_channel: 'in_store',
      content_type: 'product',
      order_id: 'o-1',
      contents: [{ price: 12.5, quantity: 1, content_id: 'sku-1', brand: 'B' }],
    },
    page: { url: 'https://shop.example.com/' },
    limited_data_use: false,
    ...overrides,
  };
}

/** The event ids the fast path found, as text (undefined for an event without one). */
const ids = (events: CheckedEventBytes): (string | undefined)[] =>
  events.idStart.map((s, i) => (s < 0 ? undefined : events.body.toString('latin1', s, events.idEnd[i])));

const body = (data: unknown, extra = ''): Buffer =>
  Buffer.from(`{"event_source":"offline","event_source_id":"7300",${extra}"data":${JSON.stringify(data)}}`);

/** The general path's verdict on a body: accepted, or the message it refuses it with. */
function general(bytes: Buffer): string {
  try {
    validateEvents((JSON.parse(bytes.toString('utf8')) as { data: unknown }).data, NOW_MS);
    return 'accepted';
  } catch (error) {
    if (error instanceof ApiError) return error.message;
    throw error;
  }
}

describe('readTrackBytes', () => {
  it('reads a plain body: the other fields parsed, each event found with its id and name', () => {
    const data = [event(), event({ event_id: 'order-2', event: 'Lead', user: { email: sha('b') } })];
    const bytes = body(data, '"test_event_code":"T1",');
    const read = readTrackBytes(bytes, NOW_MS)!;
    expect(read.fields).toEqual({ event_source: 'offline', event_source_id: '7300', test_event_code: 'T1' });
    expect(ids(read.events)).toEqual(['order-1', 'order-2']);
    expect(read.events.names).toEqual(['Purchase', 'Lead']);
    const parsed = read.events.start.map(
      (s, i) => JSON.parse(bytes.toString('utf8', s, read.events.end[i])) as unknown,
    );
    expect(parsed).toEqual(data);
  });

  it('accepts whitespace between tokens like JSON.parse', () => {
    const bytes = Buffer.from(JSON.stringify({ event_source: 'offline', data: [event()] }, null, 2));
    expect(ids(readTrackBytes(bytes, NOW_MS)!.events)).toEqual(['order-1']);
  });

  // Each variant is either refused by the general path (so the fast path must give up and let it word
  // the answer) or unusual enough that the fast path leaves it to the general one.
  const variants: [string, Record<string, unknown>][] = [
    ['unknown event', { event: 'Buy' }],
    ['missing event', { event: undefined }],
    ['event_time too old', { event_time: NOW_S - 29 * 86_400 }],
    ['event_time in the future', { event_time: NOW_S + 3600 }],
    ['event_time not an integer', { event_time: NOW_S - 0.5 }],
    ['event_time as text', { event_time: String(NOW_S) }],
    ['plain email', { user: { email: 'a@example.com' } }],
    ['upper-case hash', { user: { email: sha('a').toUpperCase() } }],
    ['empty hash in a list', { user: { phone: [''] } }],
    ['bad ip', { user: { ip: '999.1.1.1' } }],
    ['bad currency', { properties: { currency: 'XXY' } }],
    ['value as text', { properties: { value: '12' } }],
    ['bad channel', { properties: { event_channel: 'tv' } }],
    ['bad content type', { properties: { content_type: 'thing' } }],
    ['price as text', { properties: { contents: [{ price: '1' }] } }],
    ['contents not a list', { properties: { contents: {} } }],
    ['limited_data_use as text', { limited_data_use: 'yes' }],
    ['user is null', { user: null }],
    ['numeric event id', { event_id: 42 }],
    ['escaped id', { event_id: 'a"b' }],
    ['unknown key', { extra: 1 }],
    ['unknown user key', { user: { email: sha('a'), zip: '1' } }],
    ['exponent value', { properties: { value: 1e21 } }],
  ];

  it.each(variants)('leaves %s to the general path', (_, overrides) => {
    const bytes = body([event(), event(overrides)]);
    expect(readTrackBytes(bytes, NOW_MS)).toBeUndefined();
  });

  it('accepts only what the general path accepts', () => {
    for (const [, overrides] of variants) {
      const bytes = body([event(overrides)]);
      if (readTrackBytes(bytes, NOW_MS)) expect(general(bytes)).toBe('accepted');
    }
    expect(general(body([event()]))).toBe('accepted');
  });

  it.each([
    ['not JSON', '{"data":[{"event":"Purchase"'],
    ['an empty data list', '{"data":[]}'],
    ['no data', '{"event_source":"offline"}'],
    ['data twice', `{"data":${JSON.stringify([event()])},"data":${JSON.stringify([event()])}}`],
    ['trailing bytes', `{"data":${JSON.stringify([event()])}} x`],
    ['a broken other field', `{"event_source":offline,"data":${JSON.stringify([event()])}}`],
    [
      'a repeated event key',
      JSON.stringify({ data: [event()] }).replace('"event":', '"event":"Lead","event":'),
    ],
  ])('gives up on %s', (_, text) => {
    expect(readTrackBytes(Buffer.from(text), NOW_MS)).toBeUndefined();
  });

  it('gives up beyond 1,000 events (the general path answers 40061)', () => {
    const data = Array.from({ length: 1001 }, (_, i) => event({ event_id: `o-${i}` }));
    expect(readTrackBytes(body(data), NOW_MS)).toBeUndefined();
    expect(readTrackBytes(body(data.slice(0, 1000)), NOW_MS)?.events.idStart).toHaveLength(1000);
  });
});

describe('EventStore.addBytes', () => {
  it('stores and de-duplicates like addRaw, and shows the same events', () => {
    const data = [event(), event({ event_id: 'order-2' }), event(), event({ event_id: undefined })];
    const meta = { event_source: 'offline', event_source_id: '7300', received_at: NOW_MS };
    const bytes = body(data);
    const fast = new EventStore();
    expect(fast.addBytes(meta, readTrackBytes(bytes, NOW_MS)!.events)).toBe(3);
    expect(fast.addBytes(meta, readTrackBytes(bytes, NOW_MS)!.events)).toBe(1);
    const general = new EventStore();
    const parsed = (JSON.parse(bytes.toString()) as { data: Record<string, unknown>[] }).data;
    expect(general.addRaw(meta, parsed)).toBe(3);
    expect(general.addRaw(meta, parsed)).toBe(1);
    expect(fast.events).toEqual(general.events);
  });

  it('shows the same events as addRaw for ASCII and non-ASCII bodies alike', () => {
    const meta = { event_source: 'offline', event_source_id: '7300', received_at: NOW_MS };
    for (const name of ['Shirt', 'Chemise à carreaux ✓']) {
      const data = [event({ page: { url: 'https://shop.example.com/' + name } }), event({ event_id: 'o-2' })];
      const bytes = body(data);
      const fast = new EventStore();
      expect(fast.addBytes(meta, readTrackBytes(bytes, NOW_MS)!.events)).toBe(2);
      const general = new EventStore();
      general.addRaw(meta, (JSON.parse(bytes.toString()) as { data: Record<string, unknown>[] }).data);
      expect(fast.events).toEqual(general.events);
      expect(fast.events[0]?.page).toEqual({ url: 'https://shop.example.com/' + name });
    }
  });

  it('gives a non-ASCII event id to the general path, which accepts it', () => {
    const bytes = body([event({ event_id: 'commande-é' })]);
    expect(readTrackBytes(bytes, NOW_MS)).toBeUndefined();
    expect(general(bytes)).toBe('accepted');
  });

  it('de-duplicates across the two paths, a numeric id as its decimal text', () => {
    const meta = { event_source: 'offline', event_source_id: '7300', received_at: NOW_MS };
    const store = new EventStore();
    expect(store.addRaw(meta, [event({ event_id: 123 }), event({ event_id: 'ü-1' })])).toBe(2);
    const bytes = body([event({ event_id: '123' }), event({ event_id: '124' })]);
    expect(store.addBytes(meta, readTrackBytes(bytes, NOW_MS)!.events)).toBe(1);
    expect(store.addRaw(meta, [event({ event_id: '124' }), event({ event_id: 'ü-1' })])).toBe(0);
    // The same id under another event name is another event.
    expect(store.addRaw(meta, [event({ event_id: '124', event: 'Lead' })])).toBe(1);
    expect(store.events.map((e) => e.event_id)).toEqual(['123', 'ü-1', '124', '124']);
  });
});
