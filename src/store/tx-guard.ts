import { AsyncLocalStorage } from 'node:async_hooks';

interface OpenTransaction {
  owner: object;
  open: boolean;
}

const current = new AsyncLocalStorage<OpenTransaction>();

/**
 * Runs `fn` marked as "inside a transaction of `owner`", so that `assertOutsideTransaction` can
 * refuse a call on the store itself from within the callback. Work started inside `fn` that
 * outlives it keeps the async context, hence the `open` flag flipped on the way out.
 */
export async function runInTransactionContext<T>(owner: object, fn: () => Promise<T>): Promise<T> {
  const marker: OpenTransaction = { owner, open: true };
  try {
    return await current.run(marker, fn);
  } finally {
    marker.open = false;
  }
}

/**
 * Throws when called from inside a transaction callback of the same store. On PGlite such a call
 * waits for the single connection that the transaction holds: a silent deadlock. On PostgreSQL it
 * would run outside the transaction. Either way it is a bug, reported the same on both engines.
 */
export function assertOutsideTransaction(owner: object): void {
  const marker = current.getStore();
  if (marker?.open && marker.owner === owner) {
    throw new Error('store used inside its own transaction callback: use the `tx` argument instead');
  }
}
