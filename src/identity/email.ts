import { EMAIL_INVALID, type Rejection } from './types.js';

// One '@', a non-empty local part, a domain of non-empty dot-separated labels with at least one
// dot, and no whitespace anywhere. Deliberately loose: TikTok matches on the exact string, so we
// only drop values that cannot be an address at all.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;

/**
 * Normalises an email the way TikTok hashes it: trimmed and lower-cased, nothing else.
 * Unlike Segment, dots and `+tags` are kept: TikTok's own normalisation does not remove them,
 * so removing them would change the hash and lose the match.
 */
export function normalizeEmail(raw: string): string | Rejection {
  const value = raw.trim().toLowerCase();
  return EMAIL_SHAPE.test(value) ? value : EMAIL_INVALID;
}
