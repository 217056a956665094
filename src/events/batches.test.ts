import { describe, expect, it } from 'vitest';
import {
  appendEvent,
  batchEvents,
  dataJson,
  emptyBatch,
  journalEntries,
  OutgoingBatcher,
  rowsAt,
  sliceBatch,
  withoutEvent,
  type OutgoingBatch,
} from './batches.js';
import type { GroupedEvent } from './grouping.js';
import { toTrackEvent } from './mapping.js';

const SET = '7654321098765432109';

function event(i: number): GroupedEvent {
  return {
    eventId: `id-${i}-é😀`,
    eventIdDerived: false,
    event: i % 2 ? 'Purchase' : 'Contact',
    eventSetId: SET,
    eventSource: 'offline',
    eventSourceId: SET,
    eventTime: 1718013000 + i,
    emailSha256: 'e'.repeat(64),
    contents: [{ price: i, contentName: 'ü'.repeat(i) }],
    sourceRows: [i + 1, i + 100],
    duplicateRows: 0,
    valueComputed: false,
    rowCount: 1,
    conflicts: [],
  };
}

function batchOf(n: number, capacity = 16): OutgoingBatch {
  const batch = emptyBatch('offline', SET, capacity);
  for (let i = 0; i < n; i++) {
    const e = event(i);
    appendEvent(batch, JSON.stringify(toTrackEvent(e)), e, e.sourceRows);
  }
  return batch;
}

const ids = (b: OutgoingBatch) => batchEvents(b).map((e) => e.event_id);

describe('OutgoingBatch', () => {
  it('holds its events as one JSON array, growing its buffer as needed', () => {
    const batch = batchOf(40);
    expect(batch.size).toBe(40);
    expect(batchEvents(batch)).toEqual(Array.from({ length: 40 }, (_, i) => toTrackEvent(event(i))));
    expect(dataJson(emptyBatch('offline', SET)).toString()).toBe('[]');
  });

  it('cuts into halves and drops one event, keeping rows and journal keys beside each event', () => {
    const batch = batchOf(5);
    const tail = sliceBatch(batch, 3, 5);
    expect(ids(tail)).toEqual(['id-3-é😀', 'id-4-é😀']);
    expect([0, 1].map((i) => rowsAt(tail, i))).toEqual([
      [4, 103],
      [5, 104],
    ]);
    expect(rowsAt(withoutEvent(batch, 0), 0)).toEqual([2, 101]);
    for (const gone of [0, 2, 4]) {
      const rest = withoutEvent(batch, gone);
      expect(rest.size).toBe(4);
      expect(batchEvents(rest)).toEqual(
        [0, 1, 2, 3, 4].filter((i) => i !== gone).map((i) => toTrackEvent(event(i))),
      );
      expect(journalEntries(rest).map((e) => e.eventTime)).toEqual(
        [0, 1, 2, 3, 4].filter((i) => i !== gone).map((i) => 1718013000 + i),
      );
    }
    // The original is untouched by its slices.
    expect(batchEvents(batch)).toHaveLength(5);
  });

  it('keeps the rows of events of one row and of none as well', () => {
    const batch = emptyBatch('offline', SET);
    for (const rows of [[7], [], [8, 9]]) {
      const e = { ...event(0), sourceRows: rows };
      appendEvent(batch, JSON.stringify(toTrackEvent(e)), e, rows);
    }
    expect([0, 1, 2].map((i) => rowsAt(batch, i))).toEqual([[7], [], [8, 9]]);
    const rest = withoutEvent(batch, 0);
    expect([0, 1].map((i) => rowsAt(rest, i))).toEqual([[], [8, 9]]);
  });

  it('gives journal entries for the events not skipped', () => {
    const entries = journalEntries(batchOf(3), new Set([1]));
    expect(entries).toEqual([
      { eventSourceId: SET, eventId: 'id-0-é😀', event: 'Contact', eventTime: 1718013000 },
      { eventSourceId: SET, eventId: 'id-2-é😀', event: 'Contact', eventTime: 1718013002 },
    ]);
  });
});

describe('OutgoingBatcher', () => {
  it('fills requests of at most maxEvents per event source id', () => {
    const batcher = new OutgoingBatcher({ limitedDataUse: true }, 2);
    const full = [0, 1, 2].map((i) => batcher.add(event(i)));
    expect(full[0]).toBeUndefined();
    expect(batchEvents(full[1]!)).toEqual(
      [0, 1].map((i) => toTrackEvent(event(i), { limitedDataUse: true })),
    );
    const rest = batcher.flush();
    expect(rest.map((b) => ids(b))).toEqual([['id-2-é😀']]);
    expect(batcher.flush()).toEqual([]);
  });
});
