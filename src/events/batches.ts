import type { TrackEvent as ClientTrackEvent } from '../tiktok/index.js';
import type { GroupedEvent } from './grouping.js';
import type { JournalEntry } from './journal.js';
import { MAX_EVENTS_PER_REQUEST, toTrackEvent, trackBodyKey } from './mapping.js';
import type { EventSettings } from './settings.js';
import type { EventSource } from './vocabulary.js';

/**
 * One `event/track/` request: `rows[i]` are the source rows of `data[i]` (for the rejects file). Nothing
 * else is kept per event: these objects live until TikTok answers, and every extra one costs GC time.
 */
export interface OutgoingBatch {
  eventSource: EventSource;
  eventSourceId: string;
  data: ClientTrackEvent[];
  rows: (readonly number[])[];
}

/** The journal entries of a batch's events. */
export function journalEntries(batch: OutgoingBatch): JournalEntry[] {
  return batch.data.map((d) => ({
    eventSourceId: batch.eventSourceId,
    eventId: String(d.event_id),
    event: d.event,
    eventTime: d.event_time,
  }));
}

/** The batch without the events at positions [from, to). */
export function sliceBatch(batch: OutgoingBatch, from: number, to: number): OutgoingBatch {
  return { ...batch, data: batch.data.slice(from, to), rows: batch.rows.slice(from, to) };
}

/** The batch without its event at `index`. */
export function withoutEvent(batch: OutgoingBatch, index: number): OutgoingBatch {
  const keep = <T>(list: T[]) => list.filter((_, i) => i !== index);
  return { ...batch, data: keep(batch.data), rows: keep(batch.rows) };
}

/**
 * Collects mapped events into requests of at most `maxEvents`, one open request per event source id,
 * keeping beside each event what the journal and the rejects file need.
 */
export class OutgoingBatcher {
  private readonly open = new Map<string, OutgoingBatch>();

  constructor(
    private readonly settings: Pick<EventSettings, 'limitedDataUse'> = {},
    private readonly maxEvents = MAX_EVENTS_PER_REQUEST,
  ) {}

  /** Adds one event; returns the request when that event filled it. */
  add(event: GroupedEvent): OutgoingBatch | undefined {
    const key = trackBodyKey(event);
    let batch = this.open.get(key);
    if (!batch) {
      batch = { eventSource: event.eventSource, eventSourceId: event.eventSourceId, data: [], rows: [] };
      this.open.set(key, batch);
    }
    batch.data.push(toTrackEvent(event, this.settings) as unknown as ClientTrackEvent);
    batch.rows.push(event.sourceRows);
    if (batch.data.length < this.maxEvents) return undefined;
    this.open.delete(key);
    return batch;
  }

  /** The requests not yet full (call at the end of the source). */
  flush(): OutgoingBatch[] {
    const batches = [...this.open.values()];
    this.open.clear();
    return batches;
  }
}
