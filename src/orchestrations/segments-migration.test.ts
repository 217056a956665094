import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_MIGRATIONS_DIR, migrate } from '../store/migrate.js';
import type { Store } from '../store/store.js';
import { openTestStore, TEST_ENGINES } from '../store/store.test-support.js';
import { getCampaign } from './campaigns-repo.js';
import { getSegment, listSegments } from './segments-repo.js';

/** The package migrations before segments (0010), copied to `dir`. */
async function migrationsBeforeSegments(dir: string): Promise<void> {
  for (const file of await readdir(DEFAULT_MIGRATIONS_DIR)) {
    if (/^000[1-9]_.*\.sql$/.test(file)) await copyFile(join(DEFAULT_MIGRATIONS_DIR, file), join(dir, file));
  }
}

/** A campaign as version 0009 stored it: with its own audience query. */
async function oldCampaign(store: Store, id: string, name: string, query: string, idTypes: string) {
  await store.query(
    `INSERT INTO campaigns (id, name, description, audience_query, template_id, id_types, control_group_seed)
     VALUES ($1, $2, 'old', $3, 'tpl_1', $4::jsonb, 'seed')`,
    [id, name, query, idTypes],
  );
}

describe.each(TEST_ENGINES)('migration 0010_segments on %s', (engine) => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ttads-seg-migration-'));
    await migrationsBeforeSegments(dir);
    store = await openTestStore(engine, { migrationsDir: dir });
  });
  afterEach(async () => {
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("turns each campaign's query into a segment named after it, closed to business users", async () => {
    await store.query(
      `INSERT INTO credentials (id, name, app_id, app_secret_enc) VALUES ('cred_1', 'App', 'app', 'x')`,
    );
    await store.query(
      `INSERT INTO destinations (id, name, plugin, credential_id)
       VALUES ('dst_1', 'Audiences', 'tiktok_custom_audiences', 'cred_1')`,
    );
    await store.query(`INSERT INTO data_templates (id, destination_id, name) VALUES ('tpl_1', 'dst_1', 'T')`);
    await oldCampaign(store, 'cmp_a', 'Spring sale', "SELECT * FROM 'spring.parquet'", '["EMAIL"]');
    await oldCampaign(store, 'cmp_b', 'Lapsed', 'pg:SELECT email FROM lapsed', '["EMAIL","PHONE"]');

    expect(await migrate(store, { dir: DEFAULT_MIGRATIONS_DIR })).toContain(10);

    const segments = await listSegments(store);
    expect(segments.map((s) => [s.name, s.sourceQuery, s.openToBusinessUsers, s.idTypes])).toEqual([
      ['Lapsed (migrated)', 'pg:SELECT email FROM lapsed', false, null],
      ['Spring sale (migrated)', "SELECT * FROM 'spring.parquet'", false, null],
    ]);
    const spring = await getCampaign(store, 'cmp_a');
    expect(spring).toMatchObject({ name: 'Spring sale', idTypes: ['EMAIL'], templateId: 'tpl_1' });
    expect(spring.segmentId).toMatch(/^seg_[0-9a-f]{24}$/);
    expect(await getSegment(store, spring.segmentId)).toMatchObject({
      name: 'Spring sale (migrated)',
      description: expect.stringContaining('Spring sale') as unknown,
      columns: {},
    });
    expect((await getCampaign(store, 'cmp_b')).segmentId).not.toBe(spring.segmentId);
    // The query lives in the segment only; a segment a campaign sends cannot be dropped under it.
    const columns = await store.query<{ name: string }>(
      `SELECT column_name AS name FROM information_schema.columns
       WHERE table_schema = current_schema() AND table_name = 'campaigns'`,
    );
    expect(columns.map((c) => c.name)).not.toContain('audience_query');
    await expect(store.query('DELETE FROM segments WHERE id = $1', [spring.segmentId])).rejects.toThrow();
  });

  it('applies on a store without campaigns', async () => {
    expect(await migrate(store, { dir: DEFAULT_MIGRATIONS_DIR })).toContain(10);
    expect(await listSegments(store)).toEqual([]);
  });
});
