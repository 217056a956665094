/** Identifier types TikTok's audience API matches on (`id_schema` without the hash suffix). */
export type IdType = 'EMAIL' | 'PHONE' | 'IDFA' | 'AAID';

/** Why a row, or one identifier of it, was not sent. */
export type RejectReason = 'email_invalid' | 'phone_invalid' | 'maid_invalid' | 'no_identifier';

/**
 * A normaliser's "no": a frozen singleton per reason, so the hot loops that normalise millions
 * of values never allocate for a rejection.
 */
export interface Rejection {
  readonly reject: RejectReason;
}

function rejection(reason: RejectReason): Rejection {
  return Object.freeze({ reject: reason });
}

export const EMAIL_INVALID: Rejection = rejection('email_invalid');
export const PHONE_INVALID: Rejection = rejection('phone_invalid');
export const MAID_INVALID: Rejection = rejection('maid_invalid');

/** Tells a normalised value from a rejection. */
export function isRejection(value: string | Rejection): value is Rejection {
  return typeof value !== 'string';
}

/** Outcome of hashing one identifier: a hash, nothing to hash, or a rejected value. */
export type HashOutcome =
  | { readonly kind: 'ok'; readonly hash: string }
  | { readonly kind: 'missing' }
  | { readonly kind: 'rejected'; readonly reason: RejectReason };

/** Options shared by every phone-aware function. */
export interface HashOptions {
  /** ISO 3166-1 alpha-2 region used for phone numbers written without a country code (e.g. 'US'). */
  readonly defaultRegion: string;
}
