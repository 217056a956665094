import type { IdType, RejectReason } from './types.js';

/** Every identifier type, in the order TikTok documents them. */
export const ID_TYPES: readonly IdType[] = ['EMAIL', 'PHONE', 'IDFA', 'AAID'];

/** The `id_schema` entry TikTok expects for each identifier type (all sent as SHA-256). */
export const ID_SCHEMA_NAME = {
  EMAIL: 'EMAIL_SHA256',
  PHONE: 'PHONE_SHA256',
  IDFA: 'IDFA_SHA256',
  AAID: 'AAID_SHA256',
} as const satisfies Record<IdType, `${IdType}_SHA256`>;

/** Row field that carries each identifier type. */
export const ROW_FIELD = {
  EMAIL: 'email',
  PHONE: 'phone',
  IDFA: 'idfa',
  AAID: 'aaid',
} as const satisfies Record<IdType, string>;

/** The reason given when a value of each identifier type cannot be normalised. */
export const REJECT_REASON = {
  EMAIL: 'email_invalid',
  PHONE: 'phone_invalid',
  IDFA: 'maid_invalid',
  AAID: 'maid_invalid',
} as const satisfies Record<IdType, RejectReason>;

/** Returns true for one of the four identifier type names. */
export function isIdType(value: string): value is IdType {
  return (ID_TYPES as readonly string[]).includes(value);
}

/**
 * Parses a comma-separated list such as `'EMAIL,PHONE'` (case and spaces forgiven) into distinct
 * identifier types in the order given.
 * @throws Error naming the first unknown value, or when the list is empty.
 */
export function parseIdTypes(list: string): IdType[] {
  const result: IdType[] = [];
  for (const part of list.split(',')) {
    const name = part.trim().toUpperCase();
    if (name === '') continue;
    if (!isIdType(name)) {
      throw new Error(`Unknown user id type "${part.trim()}": expected one of ${ID_TYPES.join(', ')}`);
    }
    if (!result.includes(name)) result.push(name);
  }
  if (result.length === 0) {
    throw new Error(`No user id type given: expected one or more of ${ID_TYPES.join(', ')}`);
  }
  return result;
}
