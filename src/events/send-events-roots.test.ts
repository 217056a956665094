import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../emulator/index.js';
import { silentLogger } from '../logger.js';
import { SourceError } from '../sources/index.js';
import type { Store } from '../store/store.js';
import { openTestStore } from '../store/store.test-support.js';
import { EventsRunError, sendEvents } from './send-events.js';
import {
  daysAgo,
  EVENT_SET_ID,
  startTestEmulator,
  tempDir,
  testClient,
  writeCsv,
} from './events.test-support.js';

let emulator: RunningEmulator;
let store: Store;
let dir: { path: string; remove: () => Promise<void> };
let other: { path: string; remove: () => Promise<void> };

beforeAll(async () => {
  emulator = await startTestEmulator();
  store = await openTestStore('pglite');
  dir = await tempDir();
  other = await tempDir();
  await mkdir(join(dir.path, 'exports'));
});
afterAll(async () => {
  await emulator.close();
  await store.close();
  await dir.remove();
  await other.remove();
});

const HEADER = ['event_id', 'email', 'event', 'timestamp'];
const ROWS = [{ event_id: 'e-1', email: 'a@example.com', event: 'Purchase', timestamp: daysAgo(1) }];

function send(path: string) {
  return sendEvents(
    {
      client: testClient(emulator.url),
      store,
      logger: silentLogger(),
      dataDir: join(dir.path, 'data'),
      sourceRoots: [join(dir.path, 'exports')],
    },
    {
      source: { kind: 'file', path, format: 'csv' },
      settings: { defaultRegion: 'US', eventSetId: EVENT_SET_ID },
      rejectsPath: join(dir.path, 'data', 'rejects.csv'),
    },
  );
}

describe('sendEvents confined to source roots', () => {
  it('sends a source inside a root', async () => {
    const file = join(dir.path, 'exports', 'sales.csv');
    await writeCsv(file, HEADER, ROWS);
    expect(await send(file)).toMatchObject({ status: 'succeeded', acknowledged: 1 });
  });

  it('refuses a source outside the roots with the typed error', async () => {
    const file = join(other.path, 'sales.csv');
    await writeCsv(file, HEADER, ROWS);
    const error: unknown = await send(file).catch((e: unknown) => e);
    const cause = error instanceof EventsRunError ? error.cause : error;
    expect(cause).toBeInstanceOf(SourceError);
    expect((cause as SourceError).code).toBe('outside_source_roots');
    expect((cause as SourceError).message).toContain(`(TTADS_SOURCE_ROOTS: ${join(dir.path, 'exports')})`);
  });
});
