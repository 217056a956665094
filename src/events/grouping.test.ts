import { describe, expect, it } from 'vitest';
import { contentsValue, EventGrouper, groupEventRows, type GroupedEvent } from './grouping.js';
import type { EventRow } from './event-row.js';

const H1 = 'a'.repeat(64);
const H2 = 'b'.repeat(64);

function row(eventId: string, extra: Partial<EventRow> = {}): EventRow {
  return {
    eventId,
    eventIdDerived: false,
    event: 'Purchase',
    eventSetId: '7654321098765432109',
    eventSource: 'offline',
    eventSourceId: '7654321098765432109',
    eventTime: 1718013000,
    emailSha256: H1,
    ...extra,
  };
}

const ids = (events: GroupedEvent[]) => events.map((e) => e.eventId);

describe('groupEventRows', () => {
  it('makes one event with several contents from the rows of one order, in any order', () => {
    const rows = [
      row('o1', { content: { contentId: 'sku-1', price: 10, quantity: 2 } }),
      row('o2', { content: { contentId: 'sku-9', price: 5 } }),
      row('o1', { content: { contentId: 'sku-2', price: 2.5, quantity: 4 } }),
    ];
    const [o1, o2] = groupEventRows(rows);
    expect(o1?.contents).toEqual([
      { contentId: 'sku-1', price: 10, quantity: 2 },
      { contentId: 'sku-2', price: 2.5, quantity: 4 },
    ]);
    expect(o1?.rowCount).toBe(2);
    expect(o1?.value).toBe(30);
    expect(o1?.valueComputed).toBe(true);
    expect(o2?.value).toBe(5);
    expect(o2).not.toHaveProperty('content');
  });

  it('keeps a given value instead of computing one', () => {
    const [event] = groupEventRows([row('o1', { value: 99, content: { price: 10, quantity: 2 } })]);
    expect(event?.value).toBe(99);
    expect(event?.valueComputed).toBe(false);
  });

  it('takes a value given on a later row of the event', () => {
    const [event] = groupEventRows([row('o1', { content: { price: 1 } }), row('o1', { value: 42 })]);
    expect(event?.value).toBe(42);
    expect(event?.conflicts).toEqual([]);
  });

  it('leaves value absent when no content has a price', () => {
    const [event] = groupEventRows([row('o1', { content: { contentId: 'x', quantity: 3 } })]);
    expect(event).not.toHaveProperty('value');
    expect(event?.valueComputed).toBe(false);
  });

  it('keeps the same event id with different event names or event sets apart', () => {
    const events = groupEventRows([
      row('o1'),
      row('o1', { event: 'AddToCart' }),
      row('o1', { eventSetId: '1', eventSourceId: '1' }),
    ]);
    expect(events.map((e) => [e.event, e.eventSourceId])).toEqual([
      ['Purchase', '7654321098765432109'],
      ['AddToCart', '7654321098765432109'],
      ['Purchase', '1'],
    ]);
  });

  it('keeps the first non-empty value of event fields and notes the columns that differed', () => {
    const [event] = groupEventRows([
      row('o1', { currency: 'USD', shopId: 's1' }),
      row('o1', { currency: 'EUR', emailSha256: H2, phoneSha256: H2, shopId: 's1', eventTime: 1718013001 }),
      row('o1', { currency: 'GBP' }),
    ]);
    expect(event?.currency).toBe('USD');
    expect(event?.emailSha256).toBe(H1);
    expect(event?.phoneSha256).toBe(H2);
    expect(event?.eventTime).toBe(1718013000);
    expect(event?.conflicts).toEqual(['timestamp', 'email', 'currency']);
  });
});

describe('contentsValue', () => {
  it('sums price × quantity, quantity 1 when absent, without binary noise', () => {
    expect(contentsValue([{ price: 0.1, quantity: 3 }])).toBe(0.3);
    expect(contentsValue([{ price: 19.99 }, { price: 0.01, quantity: 1 }, { contentId: 'free' }])).toBe(20);
    expect(contentsValue([{ contentId: 'x' }])).toBeUndefined();
  });
});

describe('EventGrouper (sorted stream)', () => {
  it('emits an event once its event id ends, and the rest on flush', () => {
    const grouper = new EventGrouper();
    expect(grouper.push(row('a', { content: { price: 1 } }))).toEqual([]);
    expect(grouper.push(row('a', { content: { price: 2 } }))).toEqual([]);
    const done = grouper.push(row('b'));
    expect(ids(done)).toEqual(['a']);
    expect(done[0]?.value).toBe(3);
    expect(ids(grouper.flush())).toEqual(['b']);
    expect(grouper.flush()).toEqual([]);
  });

  it('gives the same events as in-memory grouping when fed sorted rows in chunks', () => {
    const rows = ['a', 'a', 'b', 'c', 'c', 'c'].map((id, i) =>
      row(id, { content: { contentId: `p${i}`, price: i } }),
    );
    const grouper = new EventGrouper();
    const streamed = [
      ...grouper.push(rows.slice(0, 2)),
      ...grouper.push(rows.slice(2, 5)),
      ...grouper.push(rows.slice(5)),
    ];
    streamed.push(...grouper.flush());
    expect(streamed).toEqual(groupEventRows(rows));
  });

  it('groups interleaved event names of one event id', () => {
    const grouper = new EventGrouper();
    grouper.push([row('a'), row('a', { event: 'AddToCart' }), row('a', { content: { price: 1 } })]);
    const events = grouper.flush();
    expect(events.map((e) => [e.event, e.rowCount])).toEqual([
      ['Purchase', 2],
      ['AddToCart', 1],
    ]);
  });

  it('splits an event whose rows are not contiguous (documented limitation)', () => {
    const grouper = new EventGrouper();
    const events = [...grouper.push([row('a'), row('b'), row('a')]), ...grouper.flush()];
    expect(ids(events)).toEqual(['a', 'b', 'a']);
  });
});

describe('duplicate rows and source rows', () => {
  it('keeps one copy of identical rows of an event, and every source row number', () => {
    const content = { contentId: 'sku-1', price: 10 };
    const [event] = groupEventRows([
      row('o1', { content, sourceRow: 4 }),
      row('o1', { content, sourceRow: 9 }),
      row('o1', { content: { contentId: 'sku-2', price: 1 }, sourceRow: 12 }),
    ]);
    expect(event).toMatchObject({ rowCount: 2, duplicateRows: 1, sourceRows: [4, 9, 12], value: 11 });
    expect(event?.contents).toHaveLength(2);
  });

  it('keeps several events of one event id apart (another event name) while streaming', () => {
    const grouper = new EventGrouper();
    const done: GroupedEvent[] = [];
    const rows = [row('o1'), row('o1', { event: 'Lead' }), row('o1', { content: { price: 1 } }), row('o2')];
    for (const r of rows) grouper.add(r, (e) => done.push(e));
    done.push(...grouper.flush());
    expect(done.map((e) => [e.eventId, e.event, e.rowCount])).toEqual([
      ['o1', 'Purchase', 2],
      ['o1', 'Lead', 1],
      ['o2', 'Purchase', 1],
    ]);
  });
});
