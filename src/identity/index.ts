// Identity normalisation and hashing: the public surface of src/identity.
export type { HashOptions, HashOutcome, IdType, RejectReason, Rejection } from './types.js';
export { EMAIL_INVALID, MAID_INVALID, PHONE_INVALID, isRejection } from './types.js';
export { ID_SCHEMA_NAME, ID_TYPES, REJECT_REASON, ROW_FIELD, isIdType, parseIdTypes } from './id-types.js';
export { isSha256Hex, sha256Hex } from './sha256.js';
export { normalizeEmail } from './email.js';
export { normalizeMaid } from './maid.js';
export { normalizePhone, phoneRegion, type PhoneRegion } from './phone.js';
export {
  hashIdentifier,
  hashRow,
  hashValue,
  presentValue,
  type HashedRow,
  type IdentityRow,
} from './hash-identifier.js';
export {
  STATUS_MISSING,
  STATUS_OK,
  STATUS_REJECTED,
  hashAt,
  hashColumns,
  rowOf,
  type HashedChunk,
  type HashedColumn,
  type IdentityColumns,
} from './hash-columns.js';
export { createHashPool, type HashPool, type HashPoolOptions } from './pool.js';
