import type { DuckDBConnection } from '@duckdb/node-api';
import type { Store } from '../store/store.js';

/** Highest values seen by a {@link MemoryPeaks} sampler, in MiB. */
export interface MemoryPeakReport {
  rssMb: number;
  /** V8's heap (heapTotal: what V8 holds from the system, used or not). */
  v8HeapMb: number;
  /** Memory outside V8's heap that V8 is told of (buffers, DuckDB results held by JavaScript). */
  externalMb: number;
  /** Of `externalMb`, ArrayBuffers (request bodies, the store's WebAssembly memory). */
  arrayBuffersMb: number;
  /** What DuckDB's buffer manager counts (`duckdb_memory()`); its memory_limit applies to this. */
  duckMb: number;
  /** The embedded store's WebAssembly memory (PGlite), 0 with PostgreSQL; it never shrinks. */
  storeWasmMb: number;
}

const MIB = 1_048_576;

/** The embedded store's WebAssembly memory in bytes (PGlite keeps its Emscripten module in `mod`). */
export function storeWasmBytes(store: Store): number {
  if (store.engine !== 'pglite') return 0;
  const mod = (store.raw as unknown as { mod?: { HEAPU8?: { byteLength: number } } }).mod;
  return mod?.HEAPU8?.byteLength ?? 0;
}

/**
 * Samples the process's memory by component while a sync runs, for the debug log: which share of the
 * peak RSS is DuckDB's, the store's and V8's is what decides which one to cut. DuckDB is asked on a
 * connection of its own, so that the sampler never waits for the sync's queries.
 */
export class MemoryPeaks {
  private readonly peaks: MemoryPeakReport = {
    rssMb: 0,
    v8HeapMb: 0,
    externalMb: 0,
    arrayBuffersMb: 0,
    duckMb: 0,
    storeWasmMb: 0,
  };
  private readonly timer: NodeJS.Timeout;
  private busy = false;

  constructor(
    private readonly conn: DuckDBConnection,
    private readonly store: Store,
    intervalMs = 100,
  ) {
    this.timer = setInterval(() => void this.sample(), intervalMs);
    this.timer.unref();
  }

  /** Takes one sample now (the sampler's timer calls it too). */
  async sample(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const usage = process.memoryUsage();
      const reader = await this.conn.runAndReadAll(
        'SELECT coalesce(sum(memory_usage_bytes), 0)::DOUBLE AS bytes FROM duckdb_memory()',
      );
      const duck = Number(reader.getRowObjectsJS()[0]?.bytes ?? 0);
      this.raise({
        rssMb: usage.rss / MIB,
        v8HeapMb: usage.heapTotal / MIB,
        externalMb: usage.external / MIB,
        arrayBuffersMb: usage.arrayBuffers / MIB,
        duckMb: duck / MIB,
        storeWasmMb: storeWasmBytes(this.store) / MIB,
      });
    } catch {
      // The database closed under the sampler: the sync is over.
    } finally {
      this.busy = false;
    }
  }

  /** Stops sampling and returns the peaks, rounded to MiB. */
  stop(): MemoryPeakReport {
    clearInterval(this.timer);
    const out = { ...this.peaks };
    for (const k of Object.keys(out) as (keyof MemoryPeakReport)[]) out[k] = Math.round(out[k]);
    return out;
  }

  private raise(s: MemoryPeakReport): void {
    for (const k of Object.keys(s) as (keyof MemoryPeakReport)[])
      this.peaks[k] = Math.max(this.peaks[k], s[k]);
  }
}
