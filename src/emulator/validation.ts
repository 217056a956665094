import { ApiError } from './envelope.js';
import { ID_TYPES, type IdType } from './types.js';

const SHA256 = /^[0-9a-f]{64}$/;
const MD5 = /^[0-9a-f]{32}$/;

export function isSha256Hex(value: unknown): value is string {
  return typeof value === 'string' && SHA256.test(value);
}

export function isMd5Hex(value: unknown): value is string {
  return typeof value === 'string' && MD5.test(value);
}

export function isIdType(value: unknown): value is IdType {
  return typeof value === 'string' && (ID_TYPES as readonly string[]).includes(value);
}

/** Hex length an id of this type must have. */
export function hexLengthOf(type: IdType): 64 | 32 {
  return type.endsWith('_MD5') ? 32 : 64;
}

export function isHashOf(type: IdType, value: unknown): value is string {
  return hexLengthOf(type) === 64 ? isSha256Hex(value) : isMd5Hex(value);
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Length as a person counts characters (grapheme clusters: an emoji with modifiers is one). */
export function visibleLength(text: string): number {
  let n = 0;
  for (const _ of graphemes.segment(text)) n++;
  return n;
}

/**
 * The name TikTok keeps: up to `max` visible characters as given; a longer one is cut after `max` visible
 * characters and ends with "..." (the seed's "up to 400 visible characters, after which the name will be
 * truncated ... followed by '...'"), so a client that searches by the name it sent will not find it.
 */
export function truncateName(name: string, max: number): string {
  if (name.length <= max) return name;
  let kept = '';
  let n = 0;
  for (const { segment } of graphemes.segment(name)) {
    if (n === max) return `${kept}...`;
    kept += segment;
    n++;
  }
  return name;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A required non-empty string field, or a 40002 naming it. */
export function requireString(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value === 'string' && value.length > 0) return value;
  if (typeof value === 'number') return String(value);
  throw new ApiError(40002, `${field} is required`);
}

/**
 * Reads a query parameter holding a JSON-encoded array of ids, as TikTok expects
 * (`advertiser_ids=["1","2"]`). Numbers are accepted and turned into strings.
 */
export function parseIdArrayParam(raw: string | undefined, field: string): string[] {
  if (raw === undefined || raw === '') throw new ApiError(40002, `${field} is required`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ApiError(40002, `${field} must be a JSON array`);
  }
  if (!Array.isArray(parsed) || parsed.length === 0)
    throw new ApiError(40002, `${field} must be a non-empty JSON array`);
  return parsed.map((v) => {
    if (typeof v === 'string' && v.length > 0) return v;
    if (typeof v === 'number' && Number.isInteger(v)) return String(v);
    throw new ApiError(40002, `${field} must contain ids`);
  });
}

/** A positive integer query parameter with a default, or a 40002. */
export function parsePositiveInt(raw: string | undefined, field: string, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new ApiError(40002, `${field} must be a positive integer`);
  return n;
}
