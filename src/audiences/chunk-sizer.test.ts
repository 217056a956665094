import { describe, expect, it } from 'vitest';
import { ChunkSizer, type RowRange } from './chunk-sizer.js';

/** Every range the sizer gives, feeding it `feedback` after each. */
function drain(
  sizer: ChunkSizer,
  feedback: (r: RowRange) => { unsent: number; ms?: number } = () => ({ unsent: 0 }),
) {
  const out: RowRange[] = [];
  let unsent = 0;
  for (let r = sizer.next(); r; r = sizer.next(unsent)) {
    out.push(r);
    const f = feedback(r);
    unsent = f.unsent;
    if (f.ms !== undefined) sizer.took(r.to - r.from, f.ms);
  }
  return out;
}

function expectCovers(ranges: RowRange[], rows: number): void {
  expect(ranges[0]!.from).toBe(0);
  for (let i = 1; i < ranges.length; i++) expect(ranges[i]!.from).toBe(ranges[i - 1]!.to);
  expect(ranges.at(-1)!.to).toBe(rows);
}

describe('ChunkSizer', () => {
  it('unpaced: starts with four batches and doubles up to 64 batches, covering every row once', () => {
    const ranges = drain(new ChunkSizer({ rows: 3_000_000, batchSize: 10_000 }), () => ({
      unsent: 0,
      ms: 100,
    }));
    expect(ranges.map((r) => r.to - r.from)).toEqual([
      40_000, 80_000, 160_000, 320_000, 640_000, 640_000, 640_000, 480_000,
    ]);
    expectCovers(ranges, 3_000_000);
  });

  it('gives one empty chunk for an empty source, and halves against a snapshot', () => {
    expect(drain(new ChunkSizer({ rows: 0, batchSize: 10 }))).toEqual([{ from: 0, to: 0 }]);
    expect(drain(new ChunkSizer({ rows: 1_000_000, batchSize: 10_000, snapshotPairs: 5 }))).toEqual([
      { from: 0, to: 500_000 },
      { from: 500_000, to: 1_000_000 },
    ]);
  });

  it('folds a remainder smaller than a first chunk into the chunk before it', () => {
    const ranges = drain(new ChunkSizer({ rows: 130_000, batchSize: 10_000 }));
    expect(ranges).toEqual([
      { from: 0, to: 40_000 },
      { from: 40_000, to: 130_000 },
    ]);
  });

  it('paced: the first chunk is one second of requests, between 4 and 16 batches', () => {
    const first = (ceilingRowsPerSecond: number) =>
      new ChunkSizer({ rows: 5_000_000, batchSize: 10_000, ceilingRowsPerSecond }).next();
    expect(first(100_000)).toEqual({ from: 0, to: 100_000 }); // Basic: 10 QPS
    expect(first(10_000)).toEqual({ from: 0, to: 40_000 }); // sandbox: 1 QPS
    expect(first(500_000)).toEqual({ from: 0, to: 160_000 }); // Ultimate: 50 QPS
  });

  it('paced below the planner: a chunk holds what can be planned while the sender works through its rows', () => {
    // The sender takes 100,000 rows a second; the planner did the last chunk at 200,000 rows a second.
    const sizer = new ChunkSizer({ rows: 3_000_000, batchSize: 10_000, ceilingRowsPerSecond: 100_000 });
    expect(sizer.next()).toEqual({ from: 0, to: 100_000 });
    sizer.took(100_000, 500);
    // 90,000 rows left to send: 0.9 s of sending, in which the planner does 180,000 rows (144,000 with the margin).
    expect(sizer.next(90_000)).toEqual({ from: 100_000, to: 244_000 });
    sizer.took(144_000, 720);
    // Never below a first chunk, even when the sender has nearly nothing left.
    expect(sizer.next(0)).toEqual({ from: 244_000, to: 344_000 });
    sizer.took(100_000, 500);
    // Far behind: the chunk may double, not more.
    expect(sizer.next(5_000_000)).toEqual({ from: 344_000, to: 544_000 });
  });

  it('paced: the sender waits for what it sends while the next chunk is planned', () => {
    const sizer = new ChunkSizer({ rows: 3_000_000, batchSize: 10_000, ceilingRowsPerSecond: 100_000 });
    sizer.next();
    expect(sizer.leadBatches(10)).toBe(0); // nothing measured yet
    sizer.took(100_000, 500); // a first chunk in 0.5 s: 5 requests meanwhile
    expect(sizer.leadBatches(10)).toBe(5);
    sizer.took(100_000, 900); // in 0.9 s: 9 requests
    expect(sizer.leadBatches(10)).toBe(9);
  });

  it('paced above the planner: the sender waits until it will not run dry before the rest is planned', () => {
    const sizer = new ChunkSizer({ rows: 1_000_000, batchSize: 10_000, ceilingRowsPerSecond: 100_000 });
    sizer.next(); // rows 0-100,000 planned: 900,000 to go
    sizer.took(100_000, 1250); // 80,000 rows a second, counted as 64,000 (the margin)
    // 900,000 x (100,000 / 64,000 - 1) = 506,250 rows queued: 51 batches.
    expect(sizer.leadBatches(10)).toBe(51);
    sizer.next(); // 200,000 more planned
    sizer.took(200_000, 2000); // 100,000 rows a second (80,000 counted): 700,000 x 0.25 = 175,000 rows
    expect(sizer.leadBatches(10)).toBe(18);
    const unpaced = new ChunkSizer({ rows: 1_000_000, batchSize: 10_000 });
    unpaced.next();
    unpaced.took(100_000, 2000);
    expect(unpaced.leadBatches(1000)).toBe(0);
  });

  it('paced above the planner, or not measured: doubles as unpaced', () => {
    const slow = new ChunkSizer({ rows: 2_000_000, batchSize: 10_000, ceilingRowsPerSecond: 100_000 });
    slow.next();
    slow.took(100_000, 2000); // 50,000 rows a second: the sender waits whatever the sizes
    expect(slow.next(90_000)).toEqual({ from: 100_000, to: 300_000 });
    const unmeasured = new ChunkSizer({ rows: 2_000_000, batchSize: 10_000, ceilingRowsPerSecond: 100_000 });
    unmeasured.next();
    unmeasured.took(100_000, 0); // a clock that did not move tells nothing
    expect(unmeasured.next(90_000)).toEqual({ from: 100_000, to: 300_000 });
  });

  it('paced: a whole source is still covered once', () => {
    const sizer = new ChunkSizer({ rows: 1_234_567, batchSize: 10_000, ceilingRowsPerSecond: 99_000 });
    let sent = 0;
    let planned = 0;
    const ranges = drain(sizer, (r) => {
      planned += r.to - r.from;
      sent = Math.min(planned, sent + 50_000);
      return { unsent: planned - sent, ms: (r.to - r.from) / 150 };
    });
    expectCovers(ranges, 1_234_567);
    expect(ranges.length).toBeGreaterThan(5);
  });
});
