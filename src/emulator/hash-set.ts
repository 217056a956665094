const EMPTY = 0;
const FULL = 1;
const DELETED = 2;
const MAX_LOAD = 0.7;

/**
 * A set of fixed-length lowercase hex digests (SHA-256 or MD5) stored as raw bytes in one typed
 * array with open addressing, instead of JS strings (~100+ bytes each in a Set).
 *
 * Each slot is the digest's words followed by one word for its mark, so that a probe touches one
 * place in memory (one cache miss) rather than a separate mark array and the table.
 * Memory: (digest bytes + 4) per slot, at 35-70 % load, so about 51-103 bytes per SHA-256 member
 * (~0.5-1 GB for 10 M) and about half that for MD5; growth briefly holds old and new tables.
 * Callers must pass validated lowercase hex of the right length.
 */
export class HexHashSet {
  readonly hexLength: number;
  private readonly words: number;
  /** Words per slot: the digest's, then the mark. */
  private readonly stride: number;
  private capacity = 0;
  private table = new Uint32Array(0);
  private count = 0;
  private tombstones = 0;
  private readonly scratchBytes: Buffer;
  private readonly scratch: Uint32Array;

  constructor(hexLength: 64 | 32, initialCapacity = 1024) {
    this.hexLength = hexLength;
    this.words = hexLength / 8;
    this.stride = this.words + 1;
    const raw = new ArrayBuffer(this.words * 4);
    this.scratch = new Uint32Array(raw);
    this.scratchBytes = Buffer.from(raw);
    this.allocate(powerOfTwoAtLeast(initialCapacity));
  }

  get size(): number {
    return this.count;
  }

  /** Adds a digest; returns false when it was already there. */
  add(hex: string): boolean {
    // Grow first: rehashing reuses the scratch buffer that holds the digest being added.
    if ((this.count + this.tombstones + 1) / this.capacity > MAX_LOAD) this.grow();
    this.load(hex);
    return this.insertScratch();
  }

  /**
   * Adds the digest held in `words[offset..]` (the digest's bytes read as little-endian 32-bit words, as a
   * decoder of raw request bytes produces them): the hot path, no string is built.
   */
  addWords(words: Uint32Array, offset: number): boolean {
    if ((this.count + this.tombstones + 1) / this.capacity > MAX_LOAD) this.grow();
    this.loadWords(words, offset);
    return this.insertScratch();
  }

  /** Removes the digest held in `words[offset..]`; returns false when it was not there. */
  deleteWords(words: Uint32Array, offset: number): boolean {
    this.loadWords(words, offset);
    return this.removeScratch();
  }

  private insertScratch(): boolean {
    if (this.find() >= 0) return false;
    const slot = this.freeSlot();
    this.store(slot);
    this.count++;
    return true;
  }

  has(hex: string): boolean {
    this.load(hex);
    return this.find() >= 0;
  }

  /** Removes a digest; returns false when it was not there. */
  delete(hex: string): boolean {
    this.load(hex);
    return this.removeScratch();
  }

  private removeScratch(): boolean {
    const slot = this.find();
    if (slot < 0) return false;
    this.table[slot * this.stride + this.words] = DELETED;
    this.count--;
    this.tombstones++;
    return true;
  }

  /** Counts members whose first 4 bytes, read big-endian, satisfy the predicate (no string built). */
  countByPrefix(accept: (prefix: number) => boolean): number {
    const bytes = new Uint8Array(this.table.buffer);
    const stride = this.stride * 4;
    let n = 0;
    for (let slot = 0; slot < this.capacity; slot++) {
      if (this.table[slot * this.stride + this.words] !== FULL) continue;
      const o = slot * stride;
      const prefix = ((bytes[o]! << 24) | (bytes[o + 1]! << 16) | (bytes[o + 2]! << 8) | bytes[o + 3]!) >>> 0;
      if (accept(prefix)) n++;
    }
    return n;
  }

  /** Yields every member as lowercase hex. */
  *values(): Generator<string> {
    const bytes = Buffer.from(this.table.buffer);
    const stride = this.stride * 4;
    for (let slot = 0; slot < this.capacity; slot++) {
      if (this.table[slot * this.stride + this.words] === FULL)
        yield bytes.toString('hex', slot * stride, slot * stride + this.words * 4);
    }
  }

  private load(hex: string): void {
    this.scratchBytes.write(hex, 0, 'hex');
  }

  private loadWords(words: Uint32Array, offset: number): void {
    for (let i = 0; i < this.words; i++) this.scratch[i] = words[offset + i]!;
  }

  private hashScratch(): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < this.words; i++) {
      h = Math.imul(h ^ this.scratch[i]!, 0x01000193);
      h ^= h >>> 15;
    }
    return (h >>> 0) & (this.capacity - 1);
  }

  private equalsAt(slot: number): boolean {
    const base = slot * this.stride;
    for (let i = 0; i < this.words; i++) if (this.table[base + i] !== this.scratch[i]) return false;
    return true;
  }

  private find(): number {
    const mask = this.capacity - 1;
    for (
      let slot = this.hashScratch(), probes = 0;
      probes < this.capacity;
      slot = (slot + 1) & mask, probes++
    ) {
      const mark = this.table[slot * this.stride + this.words];
      if (mark === EMPTY) return -1;
      if (mark === FULL && this.equalsAt(slot)) return slot;
    }
    return -1;
  }

  private freeSlot(): number {
    const mask = this.capacity - 1;
    let slot = this.hashScratch();
    while (this.table[slot * this.stride + this.words] === FULL) slot = (slot + 1) & mask;
    return slot;
  }

  /** Writes the scratch digest into a free slot. */
  private store(slot: number): void {
    const base = slot * this.stride;
    if (this.table[base + this.words] === DELETED) this.tombstones--;
    for (let i = 0; i < this.words; i++) this.table[base + i] = this.scratch[i]!;
    this.table[base + this.words] = FULL;
  }

  private allocate(capacity: number): void {
    this.capacity = capacity;
    this.table = new Uint32Array(capacity * this.stride);
    this.count = 0;
    this.tombstones = 0;
  }

  private grow(): void {
    const oldTable = this.table;
    const oldCapacity = this.capacity;
    // Only tombstones: rehash at the same size instead of doubling.
    const next = this.count + 1 > oldCapacity * (MAX_LOAD / 2) ? oldCapacity * 2 : oldCapacity;
    this.allocate(next);
    for (let slot = 0; slot < oldCapacity; slot++) {
      if (oldTable[slot * this.stride + this.words] !== FULL) continue;
      this.loadWords(oldTable, slot * this.stride);
      this.store(this.freeSlot());
      this.count++;
    }
  }
}

function powerOfTwoAtLeast(n: number): number {
  let c = 16;
  while (c < n) c *= 2;
  return c;
}
