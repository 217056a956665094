const EMPTY = 0;
const TOMBSTONE = 0xffffffff;
const MAX_LOAD = 0.7;

/**
 * A set of fixed-length lowercase hex digests (SHA-256 or MD5) stored as raw bytes rather than JS strings
 * (~100+ bytes each in a Set).
 *
 * Digests sit in one dense array in insertion order; an open-addressing table of 32-bit entry numbers
 * points into it. The table is small (4 bytes a slot), so most probes of an insert stay in cache and the
 * digest is written sequentially: about twice as fast as keeping the digests in the table itself. A slot's
 * bits above the entry number hold the same bits of the digest's hash (a tag): a probe passing an
 * occupied slot reads the digest (a cache miss in a large set) only when the tags match, which for a new
 * digest is almost never.
 * Memory: about 40-75 bytes per SHA-256 member (~0.4-0.75 GB for 10 M), half that for MD5; growth briefly
 * holds old and new arrays. Callers must pass validated lowercase hex of the right length.
 */
export class HexHashSet {
  readonly hexLength: number;
  private readonly words: number;
  /**
   * Table slots: EMPTY, TOMBSTONE, or (dense entry number + 1) in the bits of `slots.length - 1` and the
   * hash's other bits above them (entries never reach the table's length, so the two never overlap).
   */
  private slots: Uint32Array;
  /** Digest words of every entry ever added since the last rebuild, deleted ones included. */
  private dense: Uint32Array;
  /** 1 for a deleted dense entry. */
  private dead: Uint8Array;
  /** Dense entries in use (live and deleted); also the count of non-empty slots. */
  private used = 0;
  private count = 0;
  /** The scratch digest's hash, from the last probe. */
  private probeHash = 0;
  private readonly scratchBytes: Buffer;
  private readonly scratch: Uint32Array;
  /** A larger table being filled a slice at a time (see {@link growInBackground}); entries below `copied` are in. */
  private growing: { slots: Uint32Array; dense: Uint32Array; copied: number } | undefined;

  constructor(hexLength: 64 | 32, initialCapacity = 1024) {
    this.hexLength = hexLength;
    this.words = hexLength / 8;
    const raw = new ArrayBuffer(this.words * 4);
    this.scratch = new Uint32Array(raw);
    this.scratchBytes = Buffer.from(raw);
    const capacity = powerOfTwoAtLeast(initialCapacity);
    this.slots = new Uint32Array(capacity);
    this.dense = new Uint32Array(Math.ceil(capacity * MAX_LOAD) * this.words);
    this.dead = new Uint8Array(Math.ceil(capacity * MAX_LOAD));
  }

  get size(): number {
    return this.count;
  }

  /** Slots of the table (a power of two); members stay under 70% of it. */
  get capacity(): number {
    return this.slots.length;
  }

  /** Adds a digest; returns false when it was already there. */
  add(hex: string): boolean {
    this.load(hex);
    return this.insertScratch();
  }

  /**
   * Adds the digest held in `words[offset..]` (the digest's bytes read as little-endian 32-bit words, as a
   * decoder of raw request bytes produces them): the hot path, no string is built.
   */
  addWords(words: Uint32Array, offset: number): boolean {
    for (let i = 0; i < this.words; i++) this.scratch[i] = words[offset + i]!;
    return this.insertScratch();
  }

  /** Removes the digest held in `words[offset..]`; returns false when it was not there. */
  deleteWords(words: Uint32Array, offset: number): boolean {
    for (let i = 0; i < this.words; i++) this.scratch[i] = words[offset + i]!;
    return this.removeScratch();
  }

  has(hex: string): boolean {
    this.load(hex);
    return this.probe() >= 0;
  }

  /** Removes a digest; returns false when it was not there. */
  delete(hex: string): boolean {
    this.load(hex);
    return this.removeScratch();
  }

  /** Counts members whose first 4 bytes, read big-endian, satisfy the predicate (no string built). */
  countByPrefix(accept: (prefix: number) => boolean): number {
    const bytes = new Uint8Array(this.dense.buffer);
    const stride = this.words * 4;
    let n = 0;
    for (let e = 0; e < this.used; e++) {
      if (this.dead[e] === 1) continue;
      const o = e * stride;
      const prefix = ((bytes[o]! << 24) | (bytes[o + 1]! << 16) | (bytes[o + 2]! << 8) | bytes[o + 3]!) >>> 0;
      if (accept(prefix)) n++;
    }
    return n;
  }

  /** Yields every member as lowercase hex, oldest first. */
  *values(): Generator<string> {
    const bytes = Buffer.from(this.dense.buffer);
    const stride = this.words * 4;
    for (let e = 0; e < this.used; e++)
      if (this.dead[e] !== 1) yield bytes.toString('hex', e * stride, e * stride + stride);
  }

  private load(hex: string): void {
    this.scratchBytes.write(hex, 0, 'hex');
  }

  /**
   * When the set nears its table's load limit, builds the larger table in slices between other work (each
   * `setImmediate`), so that the one insert that crosses the limit does not rebuild a million-member set at
   * once: TikTok counts requests as they arrive, and a single-threaded emulator that stalls for half a second
   * on a rebuild would count the requests that queued meanwhile as arriving together.
   */
  growInBackground(sliceEntries = 32_768): void {
    if (this.growing || this.used < this.slots.length * MAX_LOAD * 0.8 || this.count !== this.used) return;
    // The size a rebuild at the load limit would choose (room for twice the members then): four times the table.
    const capacity = this.slots.length * 4;
    this.growing = {
      slots: new Uint32Array(capacity),
      dense: new Uint32Array(Math.ceil(capacity * MAX_LOAD) * this.words),
      copied: 0,
    };
    const step = () => {
      if (this.growStep(sliceEntries)) setImmediate(step);
    };
    setImmediate(step);
  }

  /** Moves up to `limit` entries into the growing table, and switches to it once all are in; true: more to do. */
  private growStep(limit: number): boolean {
    const g = this.growing;
    if (!g) return false;
    const { words } = this;
    const end = Math.min(this.used, g.copied + limit);
    g.dense.set(this.dense.subarray(g.copied * words, end * words), g.copied * words);
    const mask = g.slots.length - 1;
    for (let e = g.copied; e < end; e++) {
      const hash = this.hashOf(g.dense, e * words);
      let slot = hash & mask;
      while (g.slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      g.slots[slot] = ((hash & ~mask) | (e + 1)) >>> 0;
    }
    g.copied = end;
    if (end < this.used) return true;
    this.slots = g.slots;
    this.dense = g.dense;
    this.dead = new Uint8Array(g.dense.length / words);
    this.growing = undefined;
    return false;
  }

  private insertScratch(): boolean {
    if (this.used + 1 > this.slots.length * MAX_LOAD) {
      // A table still growing in the background is finished now; otherwise the set is rebuilt at once.
      if (this.growing) this.growStep(Infinity);
      else this.rebuild();
    }
    const found = this.probe();
    if (found >= 0) return false;
    const entry = this.used++;
    const base = entry * this.words;
    for (let i = 0; i < this.words; i++) this.dense[base + i] = this.scratch[i]!;
    const mask = this.slots.length - 1;
    this.slots[~found] = ((this.probeHash & ~mask) | (entry + 1)) >>> 0;
    this.count++;
    return true;
  }

  private removeScratch(): boolean {
    const slot = this.probe();
    if (slot < 0) return false;
    // Entries already copied into a growing table would stay live there: that table is dropped.
    this.growing = undefined;
    this.dead[(this.slots[slot]! & (this.slots.length - 1)) - 1] = 1;
    this.slots[slot] = TOMBSTONE;
    this.count--;
    return true;
  }

  private hashOf(words: Uint32Array, base: number): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < this.words; i++) {
      h = Math.imul(h ^ words[base + i]!, 0x01000193);
      h ^= h >>> 15;
    }
    return h >>> 0;
  }

  /** The slot holding the scratch digest, or `~slot` of the empty slot where it would go. */
  private probe(): number {
    const { slots, dense, scratch, words } = this;
    const mask = slots.length - 1;
    const hash = this.hashOf(scratch, 0);
    this.probeHash = hash;
    const tag = hash & ~mask;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const v = slots[slot]!;
      if (v === EMPTY) return ~slot;
      if (v === TOMBSTONE || (v & ~mask) !== tag) continue;
      const base = ((v & mask) - 1) * words;
      let i = 0;
      while (i < words && dense[base + i] === scratch[i]) i++;
      if (i === words) return slot;
    }
  }

  /** A new table sized for the live members (tombstones and deleted entries dropped), with room to grow. */
  private rebuild(): void {
    const words = this.words;
    let capacity = 16;
    while ((this.count + 1) * 2 > capacity * MAX_LOAD) capacity *= 2;
    const entries = Math.ceil(capacity * MAX_LOAD);
    const dense = new Uint32Array(entries * words);
    const slots = new Uint32Array(capacity);
    const mask = capacity - 1;
    // Without deletions the entries keep their places: one block copy instead of a copy per word.
    const compact = this.count !== this.used;
    if (!compact) dense.set(this.dense.subarray(0, this.used * words));
    let next = 0;
    for (let e = 0; e < this.used; e++) {
      if (compact) {
        if (this.dead[e] === 1) continue;
        for (let i = 0; i < words; i++) dense[next * words + i] = this.dense[e * words + i]!;
      }
      const hash = this.hashOf(dense, next * words);
      let slot = hash & mask;
      while (slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      slots[slot] = ((hash & ~mask) | ++next) >>> 0;
    }
    this.dense = dense;
    this.slots = slots;
    this.dead = new Uint8Array(entries);
    this.used = next;
  }
}

function powerOfTwoAtLeast(n: number): number {
  let c = 16;
  while (c < n) c *= 2;
  return c;
}
