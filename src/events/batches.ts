import type { GroupedEvent } from './grouping.js';
import type { JournalEntry } from './journal.js';
import { MAX_EVENTS_PER_REQUEST, trackBodyKey, type TrackEvent } from './mapping.js';
import type { EventSettings } from './settings.js';
import { trackEventJson } from './track-json.js';
import type { EventSource } from './vocabulary.js';

/**
 * One `event/track/` request. Its events are the JSON text of its `data` array in one buffer
 * (`[{event 0},{event 1}...`: each event starts with its separator, '[' for the first; event i ends at
 * byte `ends[i]`), off the JavaScript heap: a request waits for TikTok's answer, and events kept as
 * object trees meanwhile were most of a send's garbage collection. Beside each event only what the
 * journal (`ids`, `names`, `times`) and the rejects file (`rows`) need.
 */
export interface OutgoingBatch {
  eventSource: EventSource;
  eventSourceId: string;
  size: number;
  bytes: Buffer;
  ends: number[];
  ids: string[];
  names: string[];
  times: number[];
  /**
   * Source row of each event (-1: none), the first when it has several; see rowsAt. Numbers in one array,
   * not an array per event: those would live until TikTok answers, and be copied by every scavenge.
   */
  rows: number[];
  /** The rows of the events made of several rows, by position. */
  moreRows: Map<number, readonly number[]> | undefined;
}

/** The source rows of the batch's event at `index`. */
export function rowsAt(batch: OutgoingBatch, index: number): readonly number[] {
  const more = batch.moreRows?.get(index);
  if (more) return more;
  const row = batch.rows[index]!;
  return row < 0 ? [] : [row];
}

function pushRows(batch: OutgoingBatch, rows: readonly number[]): void {
  if (rows.length > 1) (batch.moreRows ??= new Map()).set(batch.rows.length, rows);
  batch.rows.push(rows.length === 0 ? -1 : rows[0]!);
}

const OPEN = 0x5b; // '['
const COMMA = 0x2c; // ','
const CLOSE = 0x5d; // ']'

/** An empty batch for an event source id. */
export function emptyBatch(
  eventSource: EventSource,
  eventSourceId: string,
  capacity = 1 << 16,
): OutgoingBatch {
  const batch = { eventSource, eventSourceId, size: 0, bytes: Buffer.allocUnsafe(capacity) };
  return { ...batch, ends: [], ids: [], names: [], times: [], rows: [], moreRows: undefined };
}

/** Appends one event, given as its JSON text, to a batch. */
export function appendEvent(
  batch: OutgoingBatch,
  json: string,
  key: { eventId: string; event: string; eventTime: number },
  rows: readonly number[],
): void {
  const start = batch.size === 0 ? 0 : batch.ends[batch.size - 1]!;
  // Every character takes at most 3 UTF-8 bytes (a surrogate pair 4 for 2); the separator and the
  // closing ']' of dataJson() one more each.
  const need = start + 2 + json.length * 3;
  if (need > batch.bytes.length) {
    const grown = Buffer.allocUnsafe(Math.max(need, batch.bytes.length * 2));
    batch.bytes.copy(grown, 0, 0, start);
    batch.bytes = grown;
  }
  batch.bytes[start] = start === 0 ? OPEN : COMMA;
  const end = start + 1 + batch.bytes.write(json, start + 1, 'utf8');
  batch.ends.push(end);
  batch.ids.push(key.eventId);
  batch.names.push(key.event);
  batch.times.push(key.eventTime);
  pushRows(batch, rows);
  batch.size += 1;
}

/** The `data` array of the batch's request, as JSON bytes (a view of the batch's buffer, not a copy). */
export function dataJson(batch: OutgoingBatch): Buffer {
  if (batch.size === 0) return Buffer.from('[]');
  const end = batch.ends[batch.size - 1]!;
  // appendEvent() keeps room for it; the next event's separator would overwrite it.
  batch.bytes[end] = CLOSE;
  return batch.bytes.subarray(0, end + 1);
}

/** The batch's events as objects (for previews and tests; a send never parses them). */
export function batchEvents(batch: OutgoingBatch): TrackEvent[] {
  return JSON.parse(dataJson(batch).toString('utf8')) as TrackEvent[];
}

/** The journal entries of a batch's events, but those at the positions in `skip`. */
export function journalEntries(batch: OutgoingBatch, skip?: ReadonlySet<number>): JournalEntry[] {
  const entries: JournalEntry[] = [];
  for (let i = 0; i < batch.size; i++) {
    if (skip?.has(i)) continue;
    entries.push({
      eventSourceId: batch.eventSourceId,
      eventId: batch.ids[i]!,
      event: batch.names[i]!,
      eventTime: batch.times[i]!,
    });
  }
  return entries;
}

/** A new batch of the events at the given positions (in that order). */
function pick(batch: OutgoingBatch, positions: readonly number[]): OutgoingBatch {
  const out = emptyBatch(batch.eventSource, batch.eventSourceId, 1024);
  let bytes = 0;
  for (const i of positions) bytes += batch.ends[i]! - (i === 0 ? 0 : batch.ends[i - 1]!);
  out.bytes = Buffer.allocUnsafe(bytes + 1);
  let at = 0;
  for (const i of positions) {
    const start = i === 0 ? 0 : batch.ends[i - 1]!;
    out.bytes[at] = at === 0 ? OPEN : COMMA;
    at += 1 + batch.bytes.copy(out.bytes, at + 1, start + 1, batch.ends[i]);
    out.ends.push(at);
    out.ids.push(batch.ids[i]!);
    out.names.push(batch.names[i]!);
    out.times.push(batch.times[i]!);
    pushRows(out, rowsAt(batch, i));
  }
  out.size = positions.length;
  return out;
}

const range = (from: number, to: number) =>
  Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);

/** The batch without the events outside positions [from, to). */
export function sliceBatch(batch: OutgoingBatch, from: number, to: number): OutgoingBatch {
  return pick(batch, range(from, Math.min(to, batch.size)));
}

/** The batch without its event at `index`. */
export function withoutEvent(batch: OutgoingBatch, index: number): OutgoingBatch {
  return pick(
    batch,
    range(0, batch.size).filter((i) => i !== index),
  );
}

/**
 * Collects mapped events into requests of at most `maxEvents`, one open request per event source id,
 * keeping beside each event what the journal and the rejects file need.
 */
export class OutgoingBatcher {
  private readonly open = new Map<string, OutgoingBatch>();
  private last: OutgoingBatch | undefined;
  // The size of the last full request: the next one starts with room for as much (no regrowing).
  private capacity = 1 << 16;

  constructor(
    private readonly settings: Pick<EventSettings, 'limitedDataUse'> = {},
    private readonly maxEvents = MAX_EVENTS_PER_REQUEST,
  ) {}

  /** Adds one event; returns the request when that event filled it. */
  add(event: GroupedEvent): OutgoingBatch | undefined {
    // Nearly every event goes where the one before went: no key string to build and look up then.
    let batch = this.last;
    if (
      batch === undefined ||
      batch.eventSourceId !== event.eventSourceId ||
      batch.eventSource !== event.eventSource
    ) {
      const key = trackBodyKey(event);
      batch = this.open.get(key);
      if (!batch) {
        batch = emptyBatch(event.eventSource, event.eventSourceId, this.capacity);
        this.open.set(key, batch);
      }
      this.last = batch;
    }
    appendEvent(batch, trackEventJson(event, this.settings), event, event.sourceRows);
    if (batch.size < this.maxEvents) return undefined;
    this.open.delete(trackBodyKey(batch));
    this.last = undefined;
    this.capacity = Math.max(this.capacity, batch.bytes.length);
    return batch;
  }

  /** The requests not yet full (call at the end of the source). */
  flush(): OutgoingBatch[] {
    const batches = [...this.open.values()];
    this.open.clear();
    this.last = undefined;
    return batches;
  }
}
