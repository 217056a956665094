import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  completeAuthorization,
  createAuthorizationLink,
  getCredential,
  getCredentialAccess,
} from '../config/index.js';
import { consent, REDIRECT_URI } from '../config/control-plane.test-support.js';
import { STOPPED, waitForStatus } from '../jobs/engine.test-support.js';
import { getRun, listRuns } from '../store/runs.js';
import { createOrchestration } from './orchestrations.js';
import { runOrchestrationNow } from './run.js';
import {
  audienceTarget,
  customersCsv,
  emulatorAudiences,
  openRunFixture,
  type RunFixture,
} from './run-fixture.test-support.js';

describe('workflow actions and Resolve of orchestration runs (PGlite, emulator)', () => {
  let fx: RunFixture;
  beforeAll(async () => {
    fx = await openRunFixture('pglite');
  });
  afterAll(async () => {
    await fx?.close();
  });

  async function orchestrationOf(name: string, csv: string): Promise<string> {
    const { destination, template } = await audienceTarget(fx, name, `${name} audience`);
    const file = join(fx.dir, `${name}.csv`);
    await writeFile(file, csv);
    const o = await createOrchestration(
      { db: fx.store, plugins: fx.deps.plugins },
      { name, sourceQuery: file, destinationId: destination.id, templateId: template.id },
    );
    return o.id;
  }

  it('stops on a revoked token and, once the credential is reauthorized, resumes from the failed step', async () => {
    const id = await orchestrationOf('Revoked', customersCsv(12));
    const { accessToken } = await getCredentialAccess(fx.deps, fx.credential.id);
    const revoked = await fetch(`${fx.emulator.url}/_emulator/tokens/${accessToken}/revoke`, {
      method: 'POST',
    });
    expect(revoked.status).toBe(200);

    const created = await runOrchestrationNow(
      { engine: fx.engine, db: fx.store, plugins: fx.deps.plugins },
      id,
    );
    const stopped = await waitForStatus(fx.store, created.id, STOPPED);
    expect(stopped).toMatchObject({ status: 'action_required', currentStep: 'sync_audience' });
    expect(stopped.action?.type).toBe('invalid_credentials');
    expect(stopped.action?.error).toMatchObject({ code: 40105 });
    const marked = await getCredential(fx.store, fx.credential.id);
    expect(marked.status).toBe('invalid');
    expect(marked.statusReason).toMatch(/reauthorize/);

    // Resolve without a fix stops again at the same step, with the same action.
    await fx.engine.resolve(created.id);
    const again = await waitForStatus(fx.store, created.id, STOPPED);
    expect(again.action?.type).toBe('invalid_credentials');
    expect(again.action?.whatHappened).toMatch(/not authorized/);

    // Reauthorize through the OAuth round trip: same credential id, new token.
    const link = await createAuthorizationLink(fx.deps, {
      credentialId: fx.credential.id,
      redirectUri: REDIRECT_URI,
    });
    const { reauthorized } = await completeAuthorization(fx.deps, await consent(link.url));
    expect(reauthorized).toBe(true);

    await fx.engine.resolve(created.id);
    const done = await waitForStatus(fx.store, created.id, STOPPED);
    expect(done.status).toBe('succeeded');
    expect(done.steps.map((s) => [s.name, s.attempts])).toEqual([
      ['resolve_settings', 1],
      ['sync_audience', 3],
    ]);
    expect(done.steps[1]?.output).toMatchObject({ added: 12 });
    const audience = (await emulatorAudiences(fx.emulator.url)).find((a) => a.name === 'Revoked audience');
    expect(audience?.members.EMAIL_SHA256).toHaveLength(12);
  });

  it('stops with invalid input when every row is rejected, and Resolve runs the fixed query', async () => {
    const id = await orchestrationOf('Rejected', 'email\nnot-an-email\nstill not\n');
    const created = await runOrchestrationNow(
      { engine: fx.engine, db: fx.store, plugins: fx.deps.plugins },
      id,
    );
    const stopped = await waitForStatus(fx.store, created.id, STOPPED);
    expect(stopped.status).toBe('action_required');
    expect(stopped.action).toMatchObject({ type: 'invalid_input', step: 'sync_audience' });
    expect(stopped.action?.whatHappened).toMatch(/All 2 rows were rejected \(email_invalid: 2\)/);
    // The action names the refused run, which keeps its report and rejects file and names its workflow.
    const detail = stopped.action?.error?.detail as { runId?: string } | undefined;
    const refused = await getRun(fx.store, detail?.runId ?? '');
    expect(refused).toMatchObject({
      status: 'failed',
      params: { origin: { workflowId: created.id, step: 'sync_audience', attempt: 1 } },
      report: { rowsRead: 2, rejected: { email_invalid: 2 } },
    });
    const rejects = await readFile(String(refused?.report?.rejectsFile), 'utf8');
    expect(rejects).toMatch(/email_invalid,not-an-email/);

    await writeFile(join(fx.dir, 'Rejected.csv'), customersCsv(3));
    await fx.engine.resolve(created.id);
    const done = await waitForStatus(fx.store, created.id, STOPPED);
    expect(done.status).toBe('succeeded');
    expect(done.steps[1]?.output).toMatchObject({ rowsRead: 3, added: 3 });
    // Each attempt of the resolved step made its own run, both listed as runs of the workflow.
    const runs = await listRuns(fx.store, { workflowId: created.id });
    expect(runs.map((r) => [r.status, r.params.origin])).toEqual([
      ['succeeded', { workflowId: created.id, step: 'sync_audience', attempt: 2 }],
      ['failed', { workflowId: created.id, step: 'sync_audience', attempt: 1 }],
    ]);
  });
});
