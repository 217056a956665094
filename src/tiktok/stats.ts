/** Counters of one endpoint. */
export interface EndpointStats {
  /** HTTP requests sent, retries included. */
  requests: number;
  /** Requests that repeated an earlier failed one. */
  retries: number;
  /** Answers that were throttling (40100, 40132, 61000, HTTP 429). */
  throttled: number;
  /** Logical calls that ended in an error after all retries. */
  failures: number;
}

/** What run reports show as "requests made and retried". */
export interface RequestStats extends EndpointStats {
  byEndpoint: Record<string, EndpointStats>;
}

function emptyCounts(): EndpointStats {
  return { requests: 0, retries: 0, throttled: 0, failures: 0 };
}

/** Mutable counters behind `client.stats()`; snapshots are copies so callers cannot change them. */
export class StatsCounter {
  private readonly total = emptyCounts();
  private readonly byEndpoint = new Map<string, EndpointStats>();

  private bump(endpoint: string, key: keyof EndpointStats): void {
    this.total[key] += 1;
    let counts = this.byEndpoint.get(endpoint);
    if (!counts) {
      counts = emptyCounts();
      this.byEndpoint.set(endpoint, counts);
    }
    counts[key] += 1;
  }

  /** One HTTP request is about to be sent; `retry` when it repeats a failed one. */
  sent(endpoint: string, retry: boolean): void {
    this.bump(endpoint, 'requests');
    if (retry) this.bump(endpoint, 'retries');
  }

  throttled(endpoint: string): void {
    this.bump(endpoint, 'throttled');
  }

  failed(endpoint: string): void {
    this.bump(endpoint, 'failures');
  }

  snapshot(): RequestStats {
    const byEndpoint: Record<string, EndpointStats> = {};
    for (const [endpoint, counts] of [...this.byEndpoint].sort(([a], [b]) => a.localeCompare(b))) {
      byEndpoint[endpoint] = { ...counts };
    }
    return { ...this.total, byEndpoint };
  }
}
