import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP } from '../config/control-plane.test-support.js';
import { getCredentialAccess } from '../config/index.js';
import { STOPPED, waitForStatus } from '../jobs/engine.test-support.js';
import { createOrchestration, getOrchestration } from './orchestrations.js';
import { runOrchestrationNow } from './run.js';
import { RunRefused } from './errors.js';
import {
  audienceTarget,
  customersCsv,
  emulatorAudiences,
  openRunFixture,
  type RunFixture,
} from './run-fixture.test-support.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe('an audience orchestration run through the workflow engine (PGlite, emulator)', () => {
  let fx: RunFixture;
  beforeAll(async () => {
    fx = await openRunFixture('pglite');
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('sends the query result to the custom audience and records settings without secrets', async () => {
    const { destination, template } = await audienceTarget(fx, 'Orchestrated', 'Repeat buyers');
    const file = join(fx.dir, 'buyers.csv');
    await writeFile(file, customersCsv(30));
    const orchestration = await createOrchestration(
      { db: fx.store, plugins: fx.deps.plugins },
      {
        name: 'Repeat buyers daily',
        sourceQuery: `SELECT * FROM '${file}' WHERE customer_id <> 'c0'`,
        destinationId: destination.id,
        templateId: template.id,
      },
    );
    const created = await runOrchestrationNow(
      { engine: fx.engine, db: fx.store, plugins: fx.deps.plugins },
      orchestration.id,
    );
    expect(created.subject).toEqual({
      orchestrationId: orchestration.id,
      destinationId: destination.id,
      templateId: template.id,
    });
    await expect(
      runOrchestrationNow({ engine: fx.engine, db: fx.store, plugins: fx.deps.plugins }, orchestration.id),
    ).rejects.toBeInstanceOf(RunRefused);
    const done = await waitForStatus(fx.store, created.id, STOPPED);
    expect(done.status, JSON.stringify(done.error ?? done.action)).toBe('succeeded');
    expect(done.steps.map((s) => [s.name, s.status])).toEqual([
      ['resolve_settings', 'succeeded'],
      ['sync_audience', 'succeeded'],
    ]);
    expect(done.steps[0]?.output).toMatchObject({
      plugin: 'tiktok_custom_audiences',
      credentialId: fx.credential.id,
      settings: { advertiserId: destination.settings.advertiserId, customAudienceName: 'Repeat buyers' },
      sources: { advertiserId: 'destination', customAudienceName: 'template', userIdTypes: 'default' },
    });
    expect(done.steps[1]?.output).toMatchObject({ rowsRead: 29, added: 29, audienceName: 'Repeat buyers' });

    const audience = (await emulatorAudiences(fx.emulator.url)).find((a) => a.name === 'Repeat buyers');
    expect(audience?.members.EMAIL_SHA256).toHaveLength(29);
    expect(audience?.members.EMAIL_SHA256).toContain(sha256('customer5@example.com'));
    expect(audience?.members.EMAIL_SHA256).not.toContain(sha256('customer0@example.com'));

    // Neither the token nor the app secret is in the workflow's settings, outputs or history.
    const { accessToken } = await getCredentialAccess(fx.deps, fx.credential.id);
    const stored = JSON.stringify(done);
    expect(stored).not.toContain(accessToken);
    expect(stored).not.toContain(APP.secret);
    expect((await getOrchestration(fx.store, orchestration.id)).lastFingerprint).toBeNull();
  });
});
