import type { EventContent, EventRow } from './event-row.js';

/** One event ready for mapping: the rows sharing its identity, with their products as `contents`. */
export interface GroupedEvent extends Omit<EventRow, 'content' | 'sourceRow'> {
  contents: EventContent[];
  /** Source row numbers of the rows that made the event (those the engine numbered), duplicates included. */
  sourceRows: number[];
  /** Rows identical to an earlier row of the event (a file exported twice): kept out of `contents`. */
  duplicateRows: number;
  /** True when `value` was not given and is the sum of price × quantity of the contents. */
  valueComputed: boolean;
  rowCount: number;
  /**
   * Input columns whose values differed between rows of this event. Policy: the first non-empty value
   * wins and the difference is noted here (for the run report) rather than rejecting the whole event.
   */
  conflicts: string[];
}

/** Event-level fields compared across rows, with the input column each comes from. */
const SHARED_FIELDS = {
  eventTime: 'timestamp',
  emailSha256: 'email',
  phoneSha256: 'phone',
  ip: 'ip',
  userAgent: 'agent',
  ttp: 'cookie_id',
  ttclid: 'tiktok_click_id',
  currency: 'currency',
  value: 'value',
  contentType: 'content_type',
  orderId: 'order_id',
  shopId: 'shop_id',
  eventChannel: 'event_channel',
} as const satisfies Partial<Record<keyof EventRow, string>>;

/**
 * Rows are one event when TikTok would treat them as one: same event source, source id, event id and
 * event name (TikTok de-duplicates on source id + event id + event).
 */
export function eventKey(row: EventRow): string {
  return row.eventSource + '\u0000' + row.eventSourceId + '\u0000' + row.eventId + '\u0000' + row.event;
}

/** Sum of price × quantity (quantity 1 when absent) over contents with a price; undefined when none has one. */
export function contentsValue(contents: readonly EventContent[]): number | undefined {
  const priced = contents.filter((c) => c.price !== undefined);
  if (priced.length === 0) return undefined;
  const sum = priced.reduce((total, c) => total + (c.price ?? 0) * (c.quantity ?? 1), 0);
  // Round away binary noise such as 0.1 * 3 = 0.30000000000000004; no currency has more than 4 decimals.
  return Math.round(sum * 1e6) / 1e6;
}

/** What makes two rows the same row, whatever their position in the source. */
function signature(row: EventRow): string {
  const { sourceRow: _, ...rest } = row;
  return JSON.stringify(rest);
}

class EventBuilder {
  private readonly event: GroupedEvent;
  private readonly first: EventRow;
  private signatures: Set<string> | undefined;

  constructor(first: EventRow) {
    this.first = first;
    // Copied field by field (no object spread): this runs once per event, a million times a send.
    const event: GroupedEvent = {
      eventId: first.eventId,
      eventIdDerived: first.eventIdDerived,
      event: first.event,
      eventSetId: first.eventSetId,
      eventSource: first.eventSource,
      eventSourceId: first.eventSourceId,
      eventTime: first.eventTime,
      emailSha256: first.emailSha256,
      contents: first.content ? [first.content] : [],
      sourceRows: first.sourceRow === undefined ? [] : [first.sourceRow],
      duplicateRows: 0,
      valueComputed: false,
      rowCount: 1,
      conflicts: [],
    };
    if (first.phoneSha256 !== undefined) event.phoneSha256 = first.phoneSha256;
    if (first.ip !== undefined) event.ip = first.ip;
    if (first.userAgent !== undefined) event.userAgent = first.userAgent;
    if (first.ttp !== undefined) event.ttp = first.ttp;
    if (first.ttclid !== undefined) event.ttclid = first.ttclid;
    if (first.currency !== undefined) event.currency = first.currency;
    if (first.value !== undefined) event.value = first.value;
    if (first.contentType !== undefined) event.contentType = first.contentType;
    if (first.orderId !== undefined) event.orderId = first.orderId;
    if (first.shopId !== undefined) event.shopId = first.shopId;
    if (first.eventChannel !== undefined) event.eventChannel = first.eventChannel;
    this.event = event;
  }

  /** True when the row belongs to this event (same key; the event id is checked by the caller). */
  accepts(row: EventRow): boolean {
    const e = this.event;
    return (
      row.event === e.event && row.eventSourceId === e.eventSourceId && row.eventSource === e.eventSource
    );
  }

  add(row: EventRow): void {
    if (row.sourceRow !== undefined) this.event.sourceRows.push(row.sourceRow);
    // Only events of several rows pay for signatures.
    this.signatures ??= new Set([signature(this.first)]);
    const sig = signature(row);
    if (this.signatures.has(sig)) {
      this.event.duplicateRows += 1;
      return;
    }
    this.signatures.add(sig);
    const event = this.event as unknown as Record<string, unknown>;
    for (const [field, columnName] of Object.entries(SHARED_FIELDS)) {
      const incoming = (row as unknown as Record<string, unknown>)[field];
      if (incoming === undefined) continue;
      if (event[field] === undefined) event[field] = incoming;
      else if (event[field] !== incoming && !this.event.conflicts.includes(columnName)) {
        this.event.conflicts.push(columnName);
      }
    }
    if (row.content) this.event.contents.push(row.content);
    this.event.rowCount += 1;
  }

  finish(): GroupedEvent {
    if (this.event.value !== undefined) return this.event;
    const value = contentsValue(this.event.contents);
    if (value !== undefined) {
      this.event.value = value;
      this.event.valueComputed = true;
    }
    return this.event;
  }
}

/**
 * Groups a stream of rows into events with memory bounded by the rows of one event id. Rows of one event
 * must be contiguous by `eventId`: the sending engine should read them with `ORDER BY event_id` (and, for
 * rows without event_id, by email, phone, event, timestamp so that rows getting the same derived id are
 * adjacent). An event id that reappears after its group was emitted yields a second event with that id,
 * which TikTok then de-duplicates, so unsorted input loses products rather than double-counting.
 */
export class EventGrouper {
  private currentId: string | undefined;
  // Nearly always one event per event id: it is kept in a field, and a Map is made only for the rare id
  // shared by several events (another event name or source). No per-row allocation beyond the event itself.
  private first: EventBuilder | undefined;
  private others: Map<string, EventBuilder> | undefined;

  /** Adds rows; returns the events completed by them (those of event ids that have ended). */
  push(rows: EventRow | readonly EventRow[]): GroupedEvent[] {
    const done: GroupedEvent[] = [];
    const emit = (event: GroupedEvent) => done.push(event);
    if (Array.isArray(rows)) for (const row of rows as readonly EventRow[]) this.add(row, emit);
    else this.add(rows as EventRow, emit);
    return done;
  }

  /** Adds one row; `emit` receives the events its arrival completes. */
  add(row: EventRow, emit: (event: GroupedEvent) => void): void {
    if (row.eventId !== this.currentId) {
      this.end(emit);
      this.currentId = row.eventId;
    }
    const first = this.first;
    if (!first) {
      this.first = new EventBuilder(row);
      return;
    }
    if (first.accepts(row)) {
      first.add(row);
      return;
    }
    this.others ??= new Map();
    const key = eventKey(row);
    const builder = this.others.get(key);
    if (builder) builder.add(row);
    else this.others.set(key, new EventBuilder(row));
  }

  /** Emits every event still open (call at the end of the stream). */
  flush(): GroupedEvent[] {
    const done: GroupedEvent[] = [];
    this.end((event) => done.push(event));
    return done;
  }

  private end(emit: (event: GroupedEvent) => void): void {
    if (this.first) emit(this.first.finish());
    if (this.others) for (const builder of this.others.values()) emit(builder.finish());
    this.first = undefined;
    this.others = undefined;
    this.currentId = undefined;
  }
}

/** Groups rows in any order, holding them all in memory; for small inputs and tests. Keeps first-seen order. */
export function groupEventRows(rows: Iterable<EventRow>): GroupedEvent[] {
  const builders = new Map<string, EventBuilder>();
  for (const row of rows) {
    const key = eventKey(row);
    const builder = builders.get(key);
    if (builder) builder.add(row);
    else builders.set(key, new EventBuilder(row));
  }
  return [...builders.values()].map((builder) => builder.finish());
}
