import { MAID_INVALID, type Rejection } from './types.js';

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// iOS and Android report this id when the user limited ad tracking: it identifies nobody.
const TRACKING_DISABLED = '00000000-0000-0000-0000-000000000000';

/**
 * Normalises a mobile advertising id (IDFA or AAID): trimmed and lower-cased, and it must be a
 * UUID (8-4-4-4-12 hex digits) other than the all-zero "tracking disabled" id.
 */
export function normalizeMaid(raw: string): string | Rejection {
  const value = raw.trim().toLowerCase();
  if (!UUID_SHAPE.test(value) || value === TRACKING_DISABLED) return MAID_INVALID;
  return value;
}
