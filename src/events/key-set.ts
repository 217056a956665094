import crypto from 'node:crypto';

/** Bytes of one fingerprint: MD5 of the key, 128 bits, so that a million keys never collide in practice. */
export const FINGERPRINT_BYTES = 16;

/** MD5 of the key's UTF-8 bytes, the same digest DuckDB's md5() gives for the same text. */
export function fingerprint(key: string): Buffer {
  return crypto.hash('md5', key, 'buffer');
}

/**
 * A set of event keys held as 128-bit fingerprints in one typed array (open addressing, linear probing):
 * about 32 bytes a key instead of the ~100 a JS Set of strings costs, so the keys of a million
 * acknowledged events fit in 32 MB. A false "already there" needs a 128-bit collision.
 */
export class KeySet {
  private slots: Uint32Array;
  private count = 0;

  constructor(expected = 1024) {
    let capacity = 1024;
    while (capacity < expected * 2) capacity *= 2;
    this.slots = new Uint32Array(capacity * 4);
  }

  get size(): number {
    return this.count;
  }

  /** Adds a fingerprint (16 bytes at `offset`); returns false when it was already there. */
  addFingerprint(bytes: Buffer, offset = 0): boolean {
    if ((this.count + 1) * 2 > this.slots.length / 4) this.grow();
    const a = bytes.readUInt32LE(offset);
    const b = bytes.readUInt32LE(offset + 4);
    const c = bytes.readUInt32LE(offset + 8);
    const d = bytes.readUInt32LE(offset + 12);
    return this.insert(a === 0 && b === 0 && c === 0 && d === 0 ? 1 : a, b, c, d);
  }

  /** True when the fingerprint (16 bytes at `offset`) is in the set. */
  hasFingerprint(bytes: Buffer, offset = 0): boolean {
    let a = bytes.readUInt32LE(offset);
    const b = bytes.readUInt32LE(offset + 4);
    const c = bytes.readUInt32LE(offset + 8);
    const d = bytes.readUInt32LE(offset + 12);
    if (a === 0 && b === 0 && c === 0 && d === 0) a = 1;
    const slots = this.slots;
    const mask = slots.length / 4 - 1;
    for (let i = (b ^ c) & mask; ; i = (i + 1) & mask) {
      const at = i * 4;
      if (slots[at] === 0 && slots[at + 1] === 0 && slots[at + 2] === 0 && slots[at + 3] === 0) return false;
      if (slots[at] === a && slots[at + 1] === b && slots[at + 2] === c && slots[at + 3] === d) return true;
    }
  }

  add(key: string): boolean {
    return this.addFingerprint(fingerprint(key));
  }

  has(key: string): boolean {
    return this.count > 0 && this.hasFingerprint(fingerprint(key));
  }

  /** Adds every fingerprint of a buffer holding them back to back. */
  addAll(bytes: Buffer): void {
    for (let offset = 0; offset + FINGERPRINT_BYTES <= bytes.length; offset += FINGERPRINT_BYTES) {
      this.addFingerprint(bytes, offset);
    }
  }

  // The all-zero slot marks "empty", so a fingerprint of all zeros is stored with its first word set to 1.
  private insert(a: number, b: number, c: number, d: number): boolean {
    const slots = this.slots;
    const mask = slots.length / 4 - 1;
    for (let i = (b ^ c) & mask; ; i = (i + 1) & mask) {
      const at = i * 4;
      if (slots[at] === 0 && slots[at + 1] === 0 && slots[at + 2] === 0 && slots[at + 3] === 0) {
        slots[at] = a;
        slots[at + 1] = b;
        slots[at + 2] = c;
        slots[at + 3] = d;
        this.count += 1;
        return true;
      }
      if (slots[at] === a && slots[at + 1] === b && slots[at + 2] === c && slots[at + 3] === d) return false;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    this.count = 0;
    for (let at = 0; at < old.length; at += 4) {
      if (old[at] !== 0 || old[at + 1] !== 0 || old[at + 2] !== 0 || old[at + 3] !== 0) {
        this.insert(old[at]!, old[at + 1]!, old[at + 2]!, old[at + 3]!);
      }
    }
  }
}
