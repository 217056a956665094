import { describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from './app.js';
import { defaultSeed } from './seed.js';
import { ANALYST, call, D, sha, testClock } from './emulator.test-support.js';

const clock = testClock();
const NOW_S = Math.floor(clock.now() / 1000);
const SET = D.eventSet.event_set_id;

function event(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    event: 'Purchase',
    event_time: NOW_S - 3600,
    event_id: 'order-1',
    user: { email: sha('a@example.com'), phone: sha('+12065550100'), ip: '203.0.113.9' },
    properties: {
      currency: 'USD',
      value: 12.5,
      event_channel: 'in_store',
      contents: [{ price: 12.5, quantity: 1 }],
    },
    ...overrides,
  };
}

const emulator = (): Emulator => createEmulator({ clock: clock.now });
const track = (e: Emulator, data: unknown[], extra: Record<string, unknown> = {}, token?: string) =>
  call(e, 'POST', 'event/track/', {
    token,
    body: { event_source: 'offline', event_source_id: SET, data, ...extra },
  });

describe('event/track accepts', () => {
  it('stores a valid offline event', async () => {
    const e = emulator();
    const r = await track(e, [event()]);
    expect(r.code).toBe(0);
    expect(e.state.events.events).toHaveLength(1);
    expect(e.state.events.events[0]).toMatchObject({
      event_source_id: SET,
      event: 'Purchase',
      event_id: 'order-1',
    });
  });

  it('accepts web events on a pixel and legacy event names', async () => {
    const e = emulator();
    const r = await call(e, 'POST', 'event/track/', {
      body: {
        event_source: 'web',
        event_source_id: D.pixel.pixel_code,
        data: [event({ event: 'CompletePayment' })],
      },
    });
    expect(r.code).toBe(0);
  });

  it('de-duplicates on event source id + event id + event, counting every event received', async () => {
    const e = emulator();
    await track(e, [event(), event({ event: 'AddToCart' })]);
    await track(e, [event(), event({ event_id: 'order-2' })]);
    expect(e.state.events.events.map((x) => `${x.event}/${x.event_id}`)).toEqual([
      'Purchase/order-1',
      'AddToCart/order-1',
      'Purchase/order-2',
    ]);
    expect(e.state.stats.events_received).toBe(4);
  });
});

describe('event/track refuses', () => {
  const cases: [string, Record<string, unknown>, number, string][] = [
    ['an unknown event name', { event: 'Bought' }, 40002, 'data[1].event'],
    [
      'an event older than 28 days',
      { event_time: NOW_S - 29 * 86400 },
      40002,
      'data[1].event_time is out of range',
    ],
    ['an event in the future', { event_time: NOW_S + 3600 }, 40002, 'data[1].event_time is out of range'],
    ['a time in milliseconds', { event_time: NOW_S * 1000 }, 40002, 'data[1].event_time is out of range'],
    [
      'a currency not in ISO 4217',
      { properties: { currency: 'DOLLARS' } },
      40002,
      'data[1].properties.currency',
    ],
    [
      'an unknown event_channel',
      { properties: { event_channel: 'fax' } },
      40002,
      'data[1].properties.event_channel',
    ],
    ['an invalid ip', { user: { ip: '999.1.1.1' } }, 40002, 'data[1].user.ip'],
    ['a plain email', { user: { email: 'a@example.com' } }, 40062, 'data[1].user.email'],
    ['a plain phone in a list', { user: { phone: [sha('x'), '+12065550100'] } }, 40062, 'data[1].user.phone'],
  ];
  for (const [what, overrides, code, message] of cases) {
    it(`${what}, failing the whole request`, async () => {
      const e = emulator();
      const r = await track(e, [event(), event({ event_id: 'second', ...overrides })]);
      expect(r.code).toBe(code);
      expect(r.message).toContain(message);
      expect(e.state.events.events).toHaveLength(0);
    });
  }

  it('accepts 28 days minus a minute and 5 minutes ahead', async () => {
    const r = await track(emulator(), [
      event({ event_time: NOW_S - 28 * 86400 + 60 }),
      event({ event_time: NOW_S + 300 }),
    ]);
    expect(r.code).toBe(0);
  });

  it('more than 1000 events with 40061, and exactly 1000 fine', async () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => event({ event_id: `e${i}` }));
    expect((await track(emulator(), many(1001))).code).toBe(40061);
    expect((await track(emulator(), many(1000))).code).toBe(0);
  });

  it('an unknown event set with 40007 and a pixel used as offline source with 40007', async () => {
    expect((await track(emulator(), [event()], { event_source_id: '7399999999999999999' })).code).toBe(40007);
    expect((await track(emulator(), [event()], { event_source_id: D.pixel.pixel_code })).code).toBe(40007);
  });

  it('an event set of an advertiser the token is not authorized for with 40001', async () => {
    const seed = defaultSeed();
    seed.event_sets?.push({
      event_set_id: '7300000000000000009',
      advertiser_id: D.foreignAdvertiser.advertiser_id,
    });
    const e = createEmulator({ clock: clock.now, seed });
    expect((await track(e, [event()], { event_source_id: '7300000000000000009' })).code).toBe(40001);
  });

  it('an Analyst token with 40001', async () => {
    expect((await track(emulator(), [event()], {}, ANALYST)).code).toBe(40001);
  });

  it('an unknown event_source with 40002', async () => {
    expect((await track(emulator(), [event()], { event_source: 'store' })).code).toBe(40002);
  });

  it('an empty data array with 40002', async () => {
    expect((await track(emulator(), [])).code).toBe(40002);
  });
});
