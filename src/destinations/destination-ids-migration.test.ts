import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_MIGRATIONS_DIR, migrate } from '../store/migrate.js';
import type { Store } from '../store/store.js';
import { openTestStore, TEST_ENGINES } from '../store/store.test-support.js';

/** The package migrations before 0017, copied to `dir`. */
async function migrationsBefore17(dir: string): Promise<void> {
  for (const file of await readdir(DEFAULT_MIGRATIONS_DIR)) {
    const n = Number(/^(\d{4})_.*\.sql$/.exec(file)?.[1]);
    if (n > 0 && n < 17) await copyFile(join(DEFAULT_MIGRATIONS_DIR, file), join(dir, file));
  }
}

describe.each(TEST_ENGINES)('migration 0017_destination_ids on %s', (engine) => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ttads-dst-migration-'));
    await migrationsBefore17(dir);
    store = await openTestStore(engine, { migrationsDir: dir });
  });
  afterEach(async () => {
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('renames tiktok_offline_events in destinations and workflow snapshots, and lets other ids in', async () => {
    await store.query(
      `INSERT INTO credentials (id, name, app_id, app_secret_enc) VALUES ('cred_1', 'App', 'app', 'x')`,
    );
    await store.query(
      `INSERT INTO destinations (id, name, plugin, credential_id) VALUES
         ('dst_a', 'Audiences', 'tiktok_custom_audiences', 'cred_1'),
         ('dst_e', 'Events', 'tiktok_offline_events', 'cred_1')`,
    );
    await store.query(
      `INSERT INTO workflows (id, kind, status, settings) VALUES
         ('wf_e', 'orchestration', 'succeeded', '{"plugin": "tiktok_offline_events", "destinationId": "dst_e"}'),
         ('wf_a', 'orchestration', 'succeeded', '{"plugin": "tiktok_custom_audiences"}')`,
    );
    await store.query(
      `INSERT INTO workflow_steps (workflow_id, position, name, status, output) VALUES
         ('wf_e', 0, 'resolve_settings', 'succeeded', '{"plugin": "tiktok_offline_events"}'),
         ('wf_e', 1, 'send_events', 'succeeded', '[1, 2]')`,
    );
    // Before: the schema knows two plugin ids only.
    await expect(
      store.query(
        `INSERT INTO destinations (id, name, plugin, credential_id) VALUES ('x', 'x', 'rows_file', 'cred_1')`,
      ),
    ).rejects.toThrow();

    expect(await migrate(store, { dir: DEFAULT_MIGRATIONS_DIR })).toContain(17);

    const plugins = await store.query<{ id: string; plugin: string }>(
      'SELECT id, plugin FROM destinations ORDER BY id',
    );
    expect(plugins).toEqual([
      { id: 'dst_a', plugin: 'tiktok_custom_audiences' },
      { id: 'dst_e', plugin: 'tiktok_events' },
    ]);
    const settings = await store.query<{ id: string; plugin: string }>(
      `SELECT id, settings ->> 'plugin' AS plugin FROM workflows ORDER BY id`,
    );
    expect(settings).toEqual([
      { id: 'wf_a', plugin: 'tiktok_custom_audiences' },
      { id: 'wf_e', plugin: 'tiktok_events' },
    ]);
    const outputs = await store.query<{ output: unknown }>(
      `SELECT output FROM workflow_steps WHERE workflow_id = 'wf_e' ORDER BY position`,
    );
    expect(outputs.map((o) => o.output)).toEqual([{ plugin: 'tiktok_events' }, [1, 2]]);
    // After: any well-formed id (a destination registered in src/destinations); never a malformed one.
    await store.query(
      `INSERT INTO destinations (id, name, plugin, credential_id) VALUES ('x', 'x', 'rows_file', 'cred_1')`,
    );
    await expect(
      store.query(
        `INSERT INTO destinations (id, name, plugin, credential_id) VALUES ('y', 'y', 'Bad Id', 'cred_1')`,
      ),
    ).rejects.toThrow();
  });
});
