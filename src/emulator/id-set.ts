const EMPTY = 0;
const MAX_LOAD = 0.5;

/**
 * The event ids seen in one de-duplication scope (event source id + event name), kept as their UTF-8
 * bytes in one growing buffer behind an open-addressing table rather than as one JS string each in a
 * Set: the fast path of `event/track/` adds ids straight from the request body's bytes, with no string
 * and no garbage per event. As in HexHashSet, a slot holds the entry number + 1 in its low bits and the
 * hash's bits above them (a tag), so a probe reads an entry's bytes only when the
 * tags match.
 *
 * UTF-8 is one-to-one on well-formed strings, so two ids are equal exactly when their bytes are. The rare
 * id that is not well-formed (a lone surrogate, which only a JSON escape can make) is kept as a string.
 */
export class IdSet {
  private slots = new Uint32Array(1024);
  /** Per entry: its hash (a rebuild does not read the bytes again). */
  private hashes = new Uint32Array(512);
  /** Entry e's bytes are `arena[starts[e]..starts[e + 1])`. */
  private starts = new Uint32Array(513);
  private arena = Buffer.allocUnsafe(16_384);
  private entries = 0;
  private odd: Set<string> | undefined;

  get size(): number {
    return this.entries + (this.odd?.size ?? 0);
  }

  /** Adds an id; false when it was already there. */
  add(id: string): boolean {
    const bytes = Buffer.from(id, 'utf8');
    if (bytes.toString('utf8') === id) return this.addBytes(bytes, 0, bytes.length);
    this.odd ??= new Set();
    if (this.odd.has(id)) return false;
    this.odd.add(id);
    return true;
  }

  /** Adds the id whose UTF-8 bytes are `bytes[start..end)` (valid UTF-8); false when it was already there. */
  addBytes(bytes: Uint8Array, start: number, end: number): boolean {
    if (this.entries + 1 > this.slots.length * MAX_LOAD) this.grow();
    const hash = hashBytes(bytes, start, end);
    const { slots } = this;
    const mask = slots.length - 1;
    const tag = hash & ~mask;
    let slot = hash & mask;
    for (; ; slot = (slot + 1) & mask) {
      const v = slots[slot]!;
      if (v === EMPTY) break;
      if ((v & ~mask) === tag && this.holds((v & mask) - 1, bytes, start, end)) return false;
    }
    const entry = this.entries++;
    const at = this.starts[entry]!;
    const length = end - start;
    if (at + length > this.arena.length) {
      const arena = Buffer.allocUnsafe(Math.max(this.arena.length * 2, at + length));
      this.arena.copy(arena, 0, 0, at);
      this.arena = arena;
    }
    this.arena.set(bytes.subarray(start, end), at);
    this.starts[entry + 1] = at + length;
    this.hashes[entry] = hash;
    slots[slot] = ((hash & ~mask) | (entry + 1)) >>> 0;
    return true;
  }

  private holds(entry: number, bytes: Uint8Array, start: number, end: number): boolean {
    const from = this.starts[entry]!;
    if (this.starts[entry + 1]! - from !== end - start) return false;
    const { arena } = this;
    for (let i = 0; i < end - start; i++) if (arena[from + i] !== bytes[start + i]) return false;
    return true;
  }

  /** Twice the slots (and room for entries), every entry placed again from its kept hash. */
  private grow(): void {
    const slots = new Uint32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let e = 0; e < this.entries; e++) {
      const hash = this.hashes[e]!;
      let slot = hash & mask;
      while (slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      slots[slot] = ((hash & ~mask) | (e + 1)) >>> 0;
    }
    const room = slots.length * MAX_LOAD;
    const hashes = new Uint32Array(room);
    hashes.set(this.hashes);
    const starts = new Uint32Array(room + 1);
    starts.set(this.starts);
    this.slots = slots;
    this.hashes = hashes;
    this.starts = starts;
  }
}

/** FNV-1a over the bytes, then MurmurHash3's finalizer (the table uses the low bits, the tag the high). */
function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let p = start; p < end; p++) h = Math.imul(h ^ bytes[p]!, 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
