import { HttpError } from './routes.js';

/** Limits of {@link PreviewGate}: the `previewConcurrency` and `previewTimeoutMs` settings. */
export interface PreviewLimits {
  /** Previews running at once in this server (default 2). */
  concurrency?: number;
  /** How long one preview may run before it is stopped (default 30 s). */
  timeoutMs?: number;
}

export const DEFAULT_PREVIEW_CONCURRENCY = 2;
export const DEFAULT_PREVIEW_TIMEOUT_MS = 30_000;

/**
 * Bounds the previews of one server: a preview reads a source with the server's own CPU and memory, so a
 * few heavy queries must not take the server down. At most `concurrency` run at once; one more is refused
 * at once with 429 and Retry-After (not queued: a person clicked Preview and should learn now that the
 * server is busy). Each gets `timeoutMs`: then its signal aborts (the preview interrupts its DuckDB query)
 * and the request answers 504. Its slot is freed only when the work has really ended, so an interrupted
 * query still counts until it stops.
 */
export class PreviewGate {
  private running = 0;
  readonly concurrency: number;
  readonly timeoutMs: number;

  constructor(limits: PreviewLimits = {}) {
    this.concurrency = limits.concurrency ?? DEFAULT_PREVIEW_CONCURRENCY;
    this.timeoutMs = limits.timeoutMs ?? DEFAULT_PREVIEW_TIMEOUT_MS;
  }

  /** Previews running now. */
  get active(): number {
    return this.running;
  }

  /**
   * Runs one preview within the limits.
   * @throws HttpError 429 when `concurrency` previews are running; 504 when `work` outlives `timeoutMs`
   */
  async run<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      throw new HttpError(
        429,
        `The server is already running ${this.concurrency} previews; try again in a few seconds.`,
        { retryAfterSeconds: 5 },
      );
    }
    this.running += 1;
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const done = work(controller.signal).finally(() => {
      this.running -= 1;
    });
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(
          new HttpError(
            504,
            `The preview took longer than ${Math.round(this.timeoutMs / 1000)} s and was stopped: ` +
              'preview a smaller file or a query that reads less (a WHERE on an indexed column, fewer joins).',
          ),
        );
      }, this.timeoutMs);
    });
    try {
      return await Promise.race([done, timedOut]);
    } finally {
      clearTimeout(timer);
      // A preview that ends in error after its deadline has nobody to tell.
      done.catch(() => undefined);
    }
  }
}
