import { randomBytes } from 'node:crypto';
import { ConflictError } from './errors.js';

/** A new id such as `cred_3f9a0c1d2b4e5f60a7b8c9d0`: the prefix tells what it names in logs and URLs. */
export function newId(prefix: 'cred' | 'dst' | 'tpl'): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`;
}

function pgCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Turns PostgreSQL's unique (23505) and foreign-key (23503, 23001) violations into a {@link ConflictError} with
 * the given message; other errors are returned unchanged. Both engines report the same SQLSTATE codes.
 */
export function asConflict(
  err: unknown,
  messages: { unique?: string; uniqueField?: string; foreignKey?: string },
): unknown {
  const code = pgCode(err);
  if (code === '23505' && messages.unique) return new ConflictError(messages.unique, messages.uniqueField);
  // A RESTRICT foreign key reports 23001 on some PostgreSQL versions, 23503 on others.
  if ((code === '23503' || code === '23001') && messages.foreignKey)
    return new ConflictError(messages.foreignKey);
  return err;
}
