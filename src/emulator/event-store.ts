import type { CheckedEventBytes } from './event-bytes.js';
import { IdSet } from './id-set.js';

/** An accepted Events API event, as the inspection API shows it. */
export interface StoredEvent {
  event_source: string;
  event_source_id: string;
  test_event_code?: string;
  event: string;
  event_id?: string;
  event_time: number;
  user: Record<string, unknown>;
  properties: Record<string, unknown>;
  page: Record<string, unknown>;
  limited_data_use?: boolean;
  received_at: number;
}

/** What one accepted `event/track/` request shares among its events. */
export interface EventBatchMeta {
  event_source: string;
  event_source_id: string;
  test_event_code?: string;
  received_at: number;
}

type Raw = Record<string, unknown>;

/** Events kept as the byte ranges of their request body (see CheckedEventBytes); parsed only when inspected. */
interface ByteEvents {
  body: Buffer;
  start: number[];
  end: number[];
}

interface Batch {
  meta: EventBatchMeta;
  raws?: Raw[];
  bytes?: ByteEvents;
}

const parsedRaws = ({ raws, bytes }: Batch): Raw[] =>
  raws ?? bytes!.start.map((s, i) => JSON.parse(bytes!.body.toString('utf8', s, bytes!.end[i])) as Raw);

/** Event ids are checked to be strings or numbers; numbers are kept as their decimal text. */
const idText = (v: unknown): string => (typeof v === 'number' ? String(v) : (v as string));

const asObject = (v: unknown): Raw => (typeof v === 'object' && v !== null ? (v as Raw) : {});

/** The stored form of a checked raw event (see `validateEvents`): only the fields TikTok keeps. */
function storedOf(meta: EventBatchMeta, raw: Raw): StoredEvent {
  return {
    event_source: meta.event_source,
    event_source_id: meta.event_source_id,
    ...(meta.test_event_code === undefined ? {} : { test_event_code: meta.test_event_code }),
    event: raw.event as string,
    event_id: raw.event_id === undefined ? undefined : idText(raw.event_id),
    event_time: raw.event_time as number,
    user: asObject(raw.user),
    properties: asObject(raw.properties),
    page: asObject(raw.page),
    limited_data_use: raw.limited_data_use as boolean | undefined,
    received_at: meta.received_at,
  };
}

/**
 * Accepted events, de-duplicated like TikTok on event source id + event id + event name. Requests are
 * kept as they were parsed (one shared header per request) and turned into StoredEvents only when
 * inspected, so that accepting 1,000 events costs no copies.
 */
export class EventStore {
  private readonly batches: Batch[] = [];
  // Event ids seen, per event source id + event name (the id's bytes per event, not a joined key).
  private readonly keys = new Map<string, IdSet>();
  private last: { sourceId: string; event: string; ids: IdSet } | undefined;
  private view: StoredEvent[] | undefined = [];

  /** Every stored event, oldest first. */
  get events(): StoredEvent[] {
    this.view ??= this.batches.flatMap((b) => parsedRaws(b).map((raw) => storedOf(b.meta, raw)));
    return this.view;
  }

  /** Stores the checked raw events of one request not seen before; returns how many were new. */
  addRaw(meta: EventBatchMeta, raws: readonly Raw[]): number {
    const kept: Raw[] = [];
    for (const raw of raws) {
      const id = raw.event_id;
      if (id !== undefined && !this.isNew(meta.event_source_id, raw.event as string, idText(id))) continue;
      kept.push(raw);
    }
    if (kept.length > 0) {
      this.batches.push({ meta, raws: kept });
      this.view = undefined;
    }
    return kept.length;
  }

  /**
   * Stores the events of one request checked in its bytes (ids and names given, the events parsed only if
   * inspected) that were not seen before; returns how many were new. Same keys as addRaw.
   */
  addBytes(meta: EventBatchMeta, events: CheckedEventBytes): number {
    const start: number[] = [];
    const end: number[] = [];
    const { body, idStart, idEnd, names } = events;
    for (let i = 0; i < events.start.length; i++) {
      const id = idStart[i]!;
      if (id >= 0 && !this.idsOf(meta.event_source_id, names[i]!).addBytes(body, id, idEnd[i]!)) continue;
      start.push(events.start[i]!);
      end.push(events.end[i]!);
    }
    if (start.length > 0) {
      this.batches.push({ meta, bytes: { body, start, end } });
      this.view = undefined;
    }
    return start.length;
  }

  /** Remembers an event's key; false when it was seen before. */
  private isNew(sourceId: string, event: string, id: string): boolean {
    return this.idsOf(sourceId, event).add(id);
  }

  /** The ids seen for an event source id + event name. */
  private idsOf(sourceId: string, event: string): IdSet {
    if (this.last?.sourceId === sourceId && this.last.event === event) return this.last.ids;
    const scope = `${sourceId}\u0000${event}`;
    let ids = this.keys.get(scope);
    if (!ids) this.keys.set(scope, (ids = new IdSet()));
    this.last = { sourceId, event, ids };
    return ids;
  }

  /** Stores events in their stored form (a restored state file); returns how many were new. */
  add(events: readonly StoredEvent[]): number {
    let added = 0;
    for (const e of events) {
      const { event_source, event_source_id, test_event_code, received_at, ...raw } = e;
      const meta = { event_source, event_source_id, test_event_code, received_at };
      added += this.addRaw(
        test_event_code === undefined ? { event_source, event_source_id, received_at } : meta,
        [raw],
      );
    }
    return added;
  }
}
