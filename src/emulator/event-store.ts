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

/** Accepted events, de-duplicated like TikTok on event source id + event id + event name. */
export class EventStore {
  readonly events: StoredEvent[] = [];
  private readonly keys = new Set<string>();

  /** Stores the events not seen before; returns how many were new. */
  add(events: readonly StoredEvent[]): number {
    let added = 0;
    for (const e of events) {
      if (e.event_id !== undefined) {
        const key = `${e.event_source_id}\u0000${e.event_id}\u0000${e.event}`;
        if (this.keys.has(key)) continue;
        this.keys.add(key);
      }
      this.events.push(e);
      added++;
    }
    return added;
  }
}
