/** JSON's structural bytes, shared by the emulator's byte-level readers. */
export const QUOTE = 0x22;
export const COMMA = 0x2c;
export const COLON = 0x3a;
export const OPEN_ARRAY = 0x5b;
export const CLOSE_ARRAY = 0x5d;
export const OPEN_OBJECT = 0x7b;
export const CLOSE_OBJECT = 0x7d;

/**
 * A small reader over the raw bytes of a JSON request body. It finds where values start and end (so that
 * the big `batch_data` of a mapping body can be read without building millions of JS strings and
 * objects) and leaves the real parsing of everything else to `JSON.parse` on the value's slice, which
 * also keeps the emulator's answer to malformed JSON the one JSON.parse gives.
 */
export class JsonBytes {
  pos = 0;

  constructor(readonly buf: Buffer) {}

  /** Skips JSON whitespace; returns the next byte (or -1 at the end). */
  peek(): number {
    const b = this.buf;
    let p = this.pos;
    while (p < b.length) {
      const c = b[p]!;
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      p++;
    }
    this.pos = p;
    return p < b.length ? b[p]! : -1;
  }

  /** Consumes `byte` after whitespace; false (nothing consumed) when something else comes. */
  eat(byte: number): boolean {
    if (this.peek() !== byte) return false;
    this.pos++;
    return true;
  }

  /**
   * At a `"`: the end (exclusive) of the string's content, and whether it is plain (no escape, no control
   * character), in which case its content is exactly the bytes between the quotes. -1 when unterminated.
   */
  stringEnd(): { end: number; plain: boolean } {
    const b = this.buf;
    let plain = true;
    for (let p = this.pos + 1; p < b.length; p++) {
      const c = b[p]!;
      if (c === 0x22) return { end: p, plain };
      if (c === 0x5c) {
        plain = false;
        p++;
      } else if (c < 0x20) plain = false;
    }
    return { end: -1, plain: false };
  }

  /** Skips one value of any kind (checked later by JSON.parse); returns its start, or -1 when cut short. */
  skipValue(): number {
    const start = this.peek() < 0 ? -1 : this.pos;
    if (start < 0) return -1;
    const b = this.buf;
    let depth = 0;
    let p = start;
    while (p < b.length) {
      const c = b[p]!;
      if (c === 0x22) {
        this.pos = p;
        const { end } = this.stringEnd();
        if (end < 0) return -1;
        p = end + 1;
      } else if (c === 0x5b || c === 0x7b) {
        depth++;
        p++;
      } else if (c === 0x5d || c === 0x7d) {
        if (depth === 0) break;
        depth--;
        p++;
      } else if (depth === 0 && (c === 0x2c || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09)) break;
      else p++;
      if (depth === 0 && (c === 0x22 || c === 0x5d || c === 0x7d)) break;
    }
    this.pos = p;
    return depth === 0 ? start : -1;
  }

  /** JSON.parse of the bytes from `start` to the current position. */
  parseFrom(start: number): unknown {
    return JSON.parse(this.buf.toString('utf8', start, this.pos));
  }
}
