import type { EventContent, EventRow } from './schema.js';

/** One event ready for mapping: the rows sharing its identity, with their products as `contents`. */
export interface GroupedEvent extends Omit<EventRow, 'content'> {
  contents: EventContent[];
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
  return [row.eventSource, row.eventSourceId, row.eventId, row.event].join('\u0000');
}

/** Sum of price × quantity (quantity 1 when absent) over contents with a price; undefined when none has one. */
export function contentsValue(contents: readonly EventContent[]): number | undefined {
  const priced = contents.filter((c) => c.price !== undefined);
  if (priced.length === 0) return undefined;
  const sum = priced.reduce((total, c) => total + (c.price ?? 0) * (c.quantity ?? 1), 0);
  // Round away binary noise such as 0.1 * 3 = 0.30000000000000004; no currency has more than 4 decimals.
  return Math.round(sum * 1e6) / 1e6;
}

class EventBuilder {
  private readonly event: GroupedEvent;

  constructor(first: EventRow) {
    const { content, ...rest } = first;
    this.event = {
      ...rest,
      contents: content ? [content] : [],
      valueComputed: false,
      rowCount: 1,
      conflicts: [],
    };
  }

  add(row: EventRow): void {
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
    return value === undefined ? this.event : { ...this.event, value, valueComputed: true };
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
  private open = new Map<string, EventBuilder>();

  /** Adds rows; returns the events completed by them (those of event ids that have ended). */
  push(rows: EventRow | readonly EventRow[]): GroupedEvent[] {
    const done: GroupedEvent[] = [];
    for (const row of Array.isArray(rows) ? (rows as readonly EventRow[]) : [rows as EventRow]) {
      if (row.eventId !== this.currentId) done.push(...this.flush());
      this.currentId = row.eventId;
      const key = eventKey(row);
      const builder = this.open.get(key);
      if (builder) builder.add(row);
      else this.open.set(key, new EventBuilder(row));
    }
    return done;
  }

  /** Emits every event still open (call at the end of the stream). */
  flush(): GroupedEvent[] {
    const done = [...this.open.values()].map((builder) => builder.finish());
    this.open = new Map();
    this.currentId = undefined;
    return done;
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
