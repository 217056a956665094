const EMPTY = 0;
const FULL = 1;
const DELETED = 2;
const MAX_LOAD = 0.7;

/**
 * A set of fixed-length lowercase hex digests (SHA-256 or MD5) stored as raw bytes in one typed
 * array with open addressing, instead of JS strings (~100+ bytes each in a Set).
 *
 * Memory: (digest bytes + 1) per slot, at 35-70 % load, so about 47-94 bytes per SHA-256 member
 * (~0.5-0.9 GB for 10 M) and about half that for MD5; growth briefly holds old and new tables.
 * Callers must pass validated lowercase hex of the right length.
 */
export class HexHashSet {
  readonly hexLength: number;
  private readonly words: number;
  private capacity = 0;
  private table = new Uint32Array(0);
  private marks = new Uint8Array(0);
  private count = 0;
  private tombstones = 0;
  private readonly scratchBytes: Buffer;
  private readonly scratch: Uint32Array;

  constructor(hexLength: 64 | 32, initialCapacity = 1024) {
    this.hexLength = hexLength;
    this.words = hexLength / 8;
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
    if (this.find() >= 0) return false;
    const slot = this.freeSlot();
    if (this.marks[slot] === DELETED) this.tombstones--;
    this.table.set(this.scratch, slot * this.words);
    this.marks[slot] = FULL;
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
    const slot = this.find();
    if (slot < 0) return false;
    this.marks[slot] = DELETED;
    this.count--;
    this.tombstones++;
    return true;
  }

  /** Counts members whose first 4 bytes, read big-endian, satisfy the predicate (no string built). */
  countByPrefix(accept: (prefix: number) => boolean): number {
    const bytes = new Uint8Array(this.table.buffer);
    const stride = this.words * 4;
    let n = 0;
    for (let slot = 0; slot < this.capacity; slot++) {
      if (this.marks[slot] !== FULL) continue;
      const o = slot * stride;
      const prefix = ((bytes[o]! << 24) | (bytes[o + 1]! << 16) | (bytes[o + 2]! << 8) | bytes[o + 3]!) >>> 0;
      if (accept(prefix)) n++;
    }
    return n;
  }

  /** Yields every member as lowercase hex. */
  *values(): Generator<string> {
    const bytes = Buffer.from(this.table.buffer);
    const stride = this.words * 4;
    for (let slot = 0; slot < this.capacity; slot++) {
      if (this.marks[slot] === FULL) yield bytes.toString('hex', slot * stride, slot * stride + stride);
    }
  }

  private load(hex: string): void {
    this.scratchBytes.write(hex, 0, 'hex');
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
    const base = slot * this.words;
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
      const mark = this.marks[slot];
      if (mark === EMPTY) return -1;
      if (mark === FULL && this.equalsAt(slot)) return slot;
    }
    return -1;
  }

  private freeSlot(): number {
    const mask = this.capacity - 1;
    let slot = this.hashScratch();
    while (this.marks[slot] === FULL) slot = (slot + 1) & mask;
    return slot;
  }

  private allocate(capacity: number): void {
    this.capacity = capacity;
    this.table = new Uint32Array(capacity * this.words);
    this.marks = new Uint8Array(capacity);
    this.count = 0;
    this.tombstones = 0;
  }

  private grow(): void {
    const oldTable = this.table;
    const oldMarks = this.marks;
    const oldCapacity = this.capacity;
    // Only tombstones: rehash at the same size instead of doubling.
    const next = this.count + 1 > oldCapacity * (MAX_LOAD / 2) ? oldCapacity * 2 : oldCapacity;
    this.allocate(next);
    for (let slot = 0; slot < oldCapacity; slot++) {
      if (oldMarks[slot] !== FULL) continue;
      this.scratch.set(oldTable.subarray(slot * this.words, slot * this.words + this.words));
      const free = this.freeSlot();
      this.table.set(this.scratch, free * this.words);
      this.marks[free] = FULL;
      this.count++;
    }
  }
}

function powerOfTwoAtLeast(n: number): number {
  let c = 16;
  while (c < n) c *= 2;
  return c;
}
