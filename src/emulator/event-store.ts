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
  private readonly batches: { meta: EventBatchMeta; raws: Raw[] }[] = [];
  private readonly keys = new Set<string>();
  private view: StoredEvent[] | undefined = [];

  /** Every stored event, oldest first. */
  get events(): StoredEvent[] {
    this.view ??= this.batches.flatMap((b) => b.raws.map((raw) => storedOf(b.meta, raw)));
    return this.view;
  }

  /** Stores the checked raw events of one request not seen before; returns how many were new. */
  addRaw(meta: EventBatchMeta, raws: readonly Raw[]): number {
    const kept: Raw[] = [];
    const prefix = `${meta.event_source_id}\u0000`;
    for (const raw of raws) {
      const id = raw.event_id;
      if (id !== undefined) {
        const key = `${prefix}${idText(id)}\u0000${raw.event as string}`;
        if (this.keys.has(key)) continue;
        this.keys.add(key);
      }
      kept.push(raw);
    }
    if (kept.length > 0) {
      this.batches.push({ meta, raws: kept });
      this.view = undefined;
    }
    return kept.length;
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
