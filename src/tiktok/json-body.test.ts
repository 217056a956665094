import { describe, expect, it } from 'vitest';
import { spliceJson } from './json-body.js';

describe('spliceJson', () => {
  it('joins strings as a string', () => {
    expect(spliceJson('{"a":', '[1,2]', '}')).toBe('{"a":[1,2]}');
  });

  it('joins UTF-8 bytes as bytes, the same text', () => {
    const out = spliceJson('{"name":', new TextEncoder().encode('"café"'), '}');
    expect(out).toBeInstanceOf(Uint8Array);
    expect(JSON.parse(Buffer.from(out as Uint8Array).toString('utf8'))).toEqual({ name: 'café' });
  });
});
