import type { FaultOptions, ForcedAnswer } from './types.js';

/** What the emulator does to one API request before (or instead of) handling it. */
export interface FaultDecision {
  /** Answer to give instead of handling: an envelope code, a 503 page, or a dropped connection. */
  answer?: ForcedAnswer;
  /** Milliseconds to wait first. */
  delayMs: number;
  /** Seed choosing the refused items of a partial (20001) answer. */
  itemSeed: number;
}

/** Small deterministic PRNG (mulberry32): the same seed gives the same sequence on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Strips the API prefix and leading slash so `/open_api/v1.3/segment/mapping/` and `segment/mapping/` match. */
export function endpointPath(path: string): string {
  return path.replace(/^\/?open_api\/v1\.3\//, '').replace(/^\//, '');
}

/**
 * Random faults (seeded) plus a queue of forced answers. Every request draws the same number of random
 * values whatever the rates are, so a given seed and request order always fail the same requests.
 */
export class FaultController {
  private options: Required<FaultOptions> = normalise({});
  private random: () => number = mulberry32(0);
  /** A second stream for the faults added later, so that the first one's sequence stays as it was. */
  private random2: () => number = mulberry32(0);
  private readonly queue: { path?: string; answer: ForcedAnswer }[] = [];

  constructor(options: FaultOptions = {}) {
    this.configure(options);
  }

  /** Replaces the fault settings and restarts the PRNG from the (new or default) seed. */
  configure(options: FaultOptions): void {
    this.options = normalise(options);
    this.random = mulberry32(this.options.seed);
    this.random2 = mulberry32(this.options.seed ^ 0x5eed);
  }

  current(): Required<FaultOptions> {
    return { ...this.options };
  }

  /** Queues forced answers for the next requests (to one endpoint when `path` is given). */
  enqueue(answers: ForcedAnswer[], path?: string): void {
    const p = path === undefined ? undefined : endpointPath(path);
    for (const answer of answers) this.queue.push({ path: p, answer });
  }

  clearQueue(): void {
    this.queue.length = 0;
  }

  pending(): { path?: string; answer: ForcedAnswer }[] {
    return this.queue.map((q) => ({ ...q }));
  }

  decide(path: string): FaultDecision {
    const p = endpointPath(path);
    const drop = this.random();
    const http503 = this.random();
    const error = this.random();
    const slow = this.random();
    const dropAfter = this.random2();
    const partial = this.random2();
    const itemSeed = Math.floor(this.random2() * 2 ** 32);
    const queued = this.queue.findIndex((q) => q.path === undefined || q.path === p);
    const delayMs = slow < this.options.slowRate ? this.options.slowMs : 0;
    if (queued >= 0) return { answer: this.queue.splice(queued, 1)[0]!.answer, delayMs: 0, itemSeed };
    if (drop < this.options.dropRate) return { answer: 'drop', delayMs, itemSeed };
    if (http503 < this.options.http503Rate) return { answer: 'http:503', delayMs, itemSeed };
    if (error < this.options.errorRate) return { answer: 50000, delayMs, itemSeed };
    if (dropAfter < this.options.dropAfterRate) return { answer: 'drop-after', delayMs, itemSeed };
    if (partial < this.options.partialRate && PARTIAL_PATHS.has(p))
      return { answer: 20001, delayMs, itemSeed };
    return { delayMs, itemSeed };
  }
}

/** Endpoints that can answer 20001 (partial success): the batch writes. */
export const PARTIAL_PATHS: ReadonlySet<string> = new Set(['event/track/', 'segment/mapping/']);

/**
 * Which items of a batch a partial answer refuses: about `rate` of them (at least one), chosen by `seed`
 * so that a replayed run refuses the same ones.
 */
export function refusedItems(count: number, rate: number, seed: number): Set<number> {
  const random = mulberry32(seed);
  const refused = new Set<number>();
  for (let i = 0; i < count; i++) if (random() < rate) refused.add(i);
  if (refused.size === 0 && count > 0) refused.add(Math.floor(random() * count));
  return refused;
}

function normalise(o: FaultOptions): Required<FaultOptions> {
  const rate = (v: number | undefined): number => (typeof v === 'number' && v > 0 ? Math.min(1, v) : 0);
  return {
    errorRate: rate(o.errorRate),
    http503Rate: rate(o.http503Rate),
    slowRate: rate(o.slowRate),
    slowMs: typeof o.slowMs === 'number' && o.slowMs > 0 ? o.slowMs : 2000,
    dropRate: rate(o.dropRate),
    dropAfterRate: rate(o.dropAfterRate),
    partialRate: rate(o.partialRate),
    partialItemRate:
      typeof o.partialItemRate === 'number' && o.partialItemRate > 0 ? Math.min(1, o.partialItemRate) : 0.1,
    seed: typeof o.seed === 'number' ? o.seed : 1,
  };
}
