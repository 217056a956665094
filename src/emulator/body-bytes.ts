import type { Readable } from 'node:stream';

/** A declared length up to this is allocated at once; a larger one (or none) grows as the body arrives. */
const MAX_PREALLOCATED = 64 * 2 ** 20;
/** Bodies smaller than this are not worth pooling. */
const MIN_POOLED = 64 * 1024;
/** Buffers kept for reuse (a few requests are read at the same time). */
const POOL_SIZE = 8;

/**
 * Buffers lent to read request bodies that are not kept past their request (`segment/mapping/`: the
 * digests are copied out), given back when the request is done. A reused buffer is already mapped and
 * warm; a new multi-megabyte one per request costs page faults and garbage collections (V8 counts
 * external memory) on top of the copy.
 */
export class BodyPool {
  private readonly free: Buffer[] = [];
  private readonly lent = new Set<ArrayBufferLike>();

  /** A buffer of at least `length` bytes, owned by the pool until given back. */
  take(length: number): Buffer {
    let buffer: Buffer | undefined;
    for (let i = 0; i < this.free.length; i++)
      if (this.free[i]!.length >= length) {
        buffer = this.free.splice(i, 1)[0]!;
        break;
      }
    // Own ArrayBuffers only (allocUnsafe may hand out a slice of Node's shared pool).
    buffer ??= Buffer.allocUnsafeSlow(Math.max(length, MIN_POOLED));
    this.lent.add(buffer.buffer);
    return buffer;
  }

  /** Gives back a buffer from `take` (or a view of one); anything else is ignored. */
  give(view: Buffer): void {
    const buffer = view.buffer;
    if (!this.lent.delete(buffer)) return;
    if (this.free.length >= POOL_SIZE) this.free.shift();
    this.free.push(Buffer.from(buffer, 0, buffer.byteLength));
  }
}

/**
 * Reads a request body off its stream into one buffer, copying each chunk as it arrives (while the
 * chunk is still in the CPU's cache) rather than joining them all at the end. With `pool`, a body of a
 * declared length of at least 64 KiB goes into a pooled buffer, which the caller must give back.
 */
export async function readStreamBody(
  incoming: Readable,
  declared: number | undefined,
  pool?: BodyPool,
): Promise<Buffer> {
  const known = declared !== undefined && Number.isSafeInteger(declared) && declared > 0;
  const first = known ? Math.min(declared, MAX_PREALLOCATED) : MIN_POOLED;
  const pooled = pool !== undefined && known && declared >= MIN_POOLED && declared <= MAX_PREALLOCATED;
  let body = pooled ? pool.take(first) : Buffer.allocUnsafe(first);
  let length = 0;
  try {
    for await (const chunk of incoming as AsyncIterable<Buffer>) {
      if (length + chunk.length > body.length) {
        const bigger = Buffer.allocUnsafe(Math.max(body.length * 2, length + chunk.length));
        body.copy(bigger, 0, 0, length);
        pool?.give(body);
        body = bigger;
      }
      chunk.copy(body, length);
      length += chunk.length;
    }
  } catch (error) {
    pool?.give(body);
    throw error;
  }
  return body.subarray(0, length);
}
