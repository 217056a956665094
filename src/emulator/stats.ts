/** Counters shown by `GET /_emulator/stats`. */
export class Stats {
  /** Answers per endpoint path (e.g. `segment/mapping/`) per envelope code, `http:503` or `drop`. */
  readonly requests: Record<string, Record<string, number>> = {};
  /** Events in accepted `event/track/` requests, duplicates included. */
  events_received = 0;
  /** Rows in accepted `segment/mapping/` requests, repeats included. */
  mapping_rows_received = 0;

  record(path: string, answer: string | number): void {
    const byCode = (this.requests[path] ??= {});
    const key = String(answer);
    byCode[key] = (byCode[key] ?? 0) + 1;
  }

  toJSON(): {
    requests: Record<string, Record<string, number>>;
    events_received: number;
    mapping_rows_received: number;
  } {
    return {
      requests: this.requests,
      events_received: this.events_received,
      mapping_rows_received: this.mapping_rows_received,
    };
  }
}
