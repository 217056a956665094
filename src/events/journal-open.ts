import { join } from 'node:path';
import type { RunLock } from '../store/run-lock.js';
import type { Store } from '../store/store.js';
import { EventJournal, type AcknowledgedJournal } from './journal.js';
import { PostgresJournal } from './journal-postgres.js';

/**
 * The journal of a send: with PostgreSQL the shared table `event_journal` (every machine sees what every
 * other got acknowledged); with the embedded store the DuckDB journal under `<dataDir>/events/`.
 */
export async function openJournal(
  store: Store,
  dataDir: string,
  lock?: Pick<RunLock, 'scope' | 'runId'>,
): Promise<AcknowledgedJournal> {
  if (store.engine === 'postgres') return new PostgresJournal(store, lock);
  return EventJournal.open(join(dataDir, 'events'));
}
