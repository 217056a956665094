import { afterEach, describe, expect, it } from 'vitest';
import { openDuck, type Duck } from '../sources/index.js';
import { openTestStore, TEST_ENGINES } from '../store/store.test-support.js';
import type { Store } from '../store/store.js';
import { MemoryPeaks, storeWasmBytes } from './memory-peaks.js';

describe('MemoryPeaks', () => {
  let duck: Duck | undefined;
  let store: Store | undefined;
  afterEach(async () => {
    duck?.close();
    await store?.close();
  });

  it.each(TEST_ENGINES)('counts DuckDB, the %s store and V8 apart', async (engine) => {
    duck = await openDuck();
    store = await openTestStore(engine);
    const peaks = new MemoryPeaks(await duck.connect(), store, 60_000);
    await duck.run('CREATE TABLE t AS SELECT range AS n, md5(range::VARCHAR) AS h FROM range(200000)');
    await peaks.sample();
    const report = peaks.stop();
    expect(report.duckMb).toBeGreaterThan(0);
    expect(report.v8HeapMb).toBeGreaterThan(0);
    expect(report.rssMb).toBeGreaterThanOrEqual(report.v8HeapMb);
    // Only the embedded store lives in this process's WebAssembly memory.
    expect(report.storeWasmMb > 0).toBe(engine === 'pglite');
    expect(storeWasmBytes(store) > 0).toBe(engine === 'pglite');
  });

  it('keeps the highest value seen, not the last', async () => {
    duck = await openDuck();
    store = await openTestStore('pglite');
    const throughout = new MemoryPeaks(await duck.connect(), store, 60_000);
    const afterwards = new MemoryPeaks(await duck.connect(), store, 60_000);
    await duck.run('CREATE TABLE t AS SELECT range AS n, md5(range::VARCHAR) AS h FROM range(500000)');
    await throughout.sample();
    await duck.run('DROP TABLE t');
    await throughout.sample();
    await afterwards.sample();
    expect(throughout.stop().duckMb).toBeGreaterThan(afterwards.stop().duckMb);
  });
});
