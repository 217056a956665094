import { normalizeEmail } from './email.js';
import { ROW_FIELD } from './id-types.js';
import { normalizeMaid } from './maid.js';
import { normalizePhone, phoneRegion, type PhoneRegion } from './phone.js';
import { isSha256Hex, sha256Hex } from './sha256.js';
import type { HashOptions, HashOutcome, IdType, Rejection, RejectReason } from './types.js';

/** Raw identifiers of one customer row; absent, null and blank all mean "not given". */
export interface IdentityRow {
  readonly email?: string | null;
  readonly phone?: string | null;
  readonly idfa?: string | null;
  readonly aaid?: string | null;
}

/** Hashes of one row and why any of its identifiers were dropped. */
export interface HashedRow {
  readonly hashes: Partial<Record<IdType, string>>;
  /**
   * One reason per rejected identifier, or `['no_identifier']` when none of the chosen
   * identifiers was given at all. A row is sendable when `hashes` is not empty.
   */
  readonly rejects: RejectReason[];
}

/**
 * The value trimmed, or undefined for null, undefined, '' and whitespace-only values, which all
 * count as missing.
 */
export function presentValue(raw: string | null | undefined): string | undefined {
  if (raw === null || raw === undefined) return undefined;
  // Database drivers hand over numeric phone columns as numbers despite the declared type.
  const trimmed = (typeof raw === 'string' ? raw : String(raw)).trim();
  return trimmed === '' ? undefined : trimmed;
}

/**
 * Hash of one trimmed, non-empty value of the given type (see {@link presentValue}). A value that
 * already is a SHA-256 hex digest (any case) is the customer's own hash: it passes through
 * lower-cased, never re-hashed.
 */
export function hashValue(type: IdType, trimmed: string, region: PhoneRegion): string | Rejection {
  if (isSha256Hex(trimmed)) return trimmed.toLowerCase();
  let normalized: string | Rejection;
  switch (type) {
    case 'EMAIL':
      normalized = normalizeEmail(trimmed);
      break;
    case 'PHONE':
      normalized = normalizePhone(trimmed, region);
      break;
    case 'IDFA':
    case 'AAID':
      normalized = normalizeMaid(trimmed);
      break;
  }
  return typeof normalized === 'string' ? sha256Hex(normalized) : normalized;
}

const MISSING: HashOutcome = Object.freeze({ kind: 'missing' });

/**
 * Normalises and SHA-256-hashes one identifier as TikTok expects it. A value that already is a
 * SHA-256 hex digest is sent as is (lower-cased) instead of being hashed again.
 */
export function hashIdentifier(type: IdType, raw: string | null | undefined, opts: HashOptions): HashOutcome {
  const value = presentValue(raw);
  if (value === undefined) return MISSING;
  const hash = hashValue(type, value, phoneRegion(opts.defaultRegion));
  return typeof hash === 'string' ? { kind: 'ok', hash } : { kind: 'rejected', reason: hash.reject };
}

/**
 * Hashes the chosen identifiers of one row. Rejections are counted per field; a row with none
 * of the chosen identifiers given is reported as `no_identifier`.
 */
export function hashRow(row: IdentityRow, idTypes: readonly IdType[], opts: HashOptions): HashedRow {
  const region = phoneRegion(opts.defaultRegion);
  const hashes: Partial<Record<IdType, string>> = {};
  const rejects: RejectReason[] = [];
  let present = 0;
  for (const type of idTypes) {
    const value = presentValue(row[ROW_FIELD[type]]);
    if (value === undefined) continue;
    present++;
    const hash = hashValue(type, value, region);
    if (typeof hash === 'string') hashes[type] = hash;
    else rejects.push(hash.reject);
  }
  if (present === 0) rejects.push('no_identifier');
  return { hashes, rejects };
}
