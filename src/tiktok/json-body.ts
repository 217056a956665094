/**
 * JSON text `head + middle + tail`, where the middle part (a large pre-built body) may be UTF-8 bytes: bytes are
 * joined as bytes, so that megabytes of text are never decoded into a string only to be encoded again.
 */
export function spliceJson(head: string, middle: string | Uint8Array, tail: string): string | Uint8Array {
  if (typeof middle === 'string') return head + middle + tail;
  return Buffer.concat([Buffer.from(head), middle, Buffer.from(tail)]);
}
