import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAudienceSyncOptions } from '../audiences/options.js';
import { syncAudience } from '../audiences/sync.js';
import { EMULATOR_DEFAULTS, startEmulator, type RunningEmulator } from '../emulator/index.js';
import { silentLogger } from '../logger.js';
import { parseSourceArg } from '../sources/index.js';
import type { Store } from '../store/store.js';
import { openTestStore } from '../store/store.test-support.js';
import { createTikTokClient } from '../tiktok/index.js';
import type { WorkflowEngine } from './engine.js';
import type { WorkflowNotification } from './notify.js';
import { StepRegistry } from './registry.js';
import { startTestEngine, STOPPED, waitForStatus } from './engine.test-support.js';
import { WorkflowStateError } from './workflow-repo.js';

const ADV = EMULATOR_DEFAULTS.advertisers[0].advertiser_id;
const TOKENS: Record<string, string> = {
  operator: EMULATOR_DEFAULTS.tokens.operator,
  revoked: 'revoked-token',
};

describe('Resolve (engine on PGlite, audience sync against the emulator)', () => {
  let emulator: RunningEmulator;
  let store: Store;
  let engine: WorkflowEngine;
  let dir: string;
  let webhook: Server;
  const received: WorkflowNotification[] = [];
  const extracted: string[] = [];
  // "The configuration as it is now": what the destination and template say; Resolve re-reads it.
  const config = { credential: 'revoked', advertiserId: ADV, audienceName: 'Repeat buyers', source: '' };

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, rateLimitRps: 0 });
    store = await openTestStore('pglite');
    dir = await mkdtemp(join(tmpdir(), 'ttads-resolve-'));
    config.source = join(dir, 'buyers.csv');
    await writeFile(config.source, 'email\nann@example.com\nbo@example.com\n');
    webhook = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push(JSON.parse(body) as WorkflowNotification);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));

    const registry = new StepRegistry()
      .register('extract', ({ workflow, settings }) => {
        extracted.push(workflow.id);
        return { source: settings.source ?? null, extractedAt: extracted.length };
      })
      .register('sync_audience', async ({ settings, outputs }) => {
        const s = settings as typeof config;
        const source = (outputs.extract as { source: string }).source;
        const client = createTikTokClient({
          baseUrl: emulator.url,
          accessToken: TOKENS[s.credential],
          rps: 0,
        });
        const report = await syncAudience(
          { store, client, logger: silentLogger(), dataDir: join(dir, 'data'), concurrency: 1 },
          parseSourceArg(source),
          parseAudienceSyncOptions({ advertiserIds: [s.advertiserId], audienceName: s.audienceName }),
        );
        return { audienceId: report.audienceId, added: report.added, fromExtract: outputs.extract ?? null };
      });
    engine = await startTestEngine(store, registry, {
      resolveSettings: () => Promise.resolve({ ...config }),
      webhookUrl: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hooks/secret-path`,
      webhookSecret: 'resolve-test-webhook-secret',
    });
  });
  afterAll(async () => {
    await engine.stop({ graceful: false });
    await store.close();
    await emulator.close();
    await new Promise((resolve) => webhook.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('stops on invalid credentials, notifies, and resumes from the failed step once reauthorized', async () => {
    const created = await engine.create({
      kind: 'orchestration',
      subject: { orchestrationId: 'o1' },
      steps: ['extract', 'sync_audience'],
    });
    expect(created.settings).toMatchObject({ credential: 'revoked' });
    const stopped = await waitForStatus(store, created.id, STOPPED);
    expect(stopped).toMatchObject({ status: 'action_required', currentStep: 'sync_audience' });
    expect(stopped.action?.type).toBe('invalid_credentials');
    expect(stopped.steps.map((s) => s.status)).toEqual(['succeeded', 'failed']);

    await expect.poll(() => received.length).toBe(1);
    expect(received[0]).toMatchObject({
      event: 'workflow.action_required',
      workflow: { id: created.id, status: 'action_required', subject: { orchestrationId: 'o1' } },
      action: { type: 'invalid_credentials', step: 'sync_audience' },
    });

    config.credential = 'operator';
    const reopened = await engine.resolve(created.id);
    expect(reopened).toMatchObject({ status: 'queued', settings: { credential: 'operator' } });
    const done = await waitForStatus(store, created.id, STOPPED);
    expect(done.status).toBe('succeeded');
    // The step that had succeeded was not run again; its output reached the resumed step.
    expect(extracted.filter((id) => id === created.id)).toHaveLength(1);
    expect(done.steps.map((s) => [s.name, s.attempts])).toEqual([
      ['extract', 1],
      ['sync_audience', 2],
    ]);
    expect(done.steps[1]?.output).toMatchObject({
      added: 2,
      fromExtract: { source: config.source, extractedAt: 1 },
    });
    const audiences = (await (
      await fetch(`${emulator.url}/_emulator/audiences?advertiser_id=${ADV}`)
    ).json()) as {
      audiences: { name: string }[];
    };
    expect(audiences.audiences.map((a) => a.name)).toContain('Repeat buyers');
    expect(done.history.map((h) => `${h.from ?? '-'}>${h.to}:${h.note}`)).toEqual([
      '->queued:created',
      'queued>running:claimed',
      'running>action_required:Invalid credentials',
      'action_required>queued:resolved',
      'queued>running:claimed',
      'running>succeeded:all steps succeeded',
    ]);
    expect(done.history[3]?.detail).toEqual({ settingsChanged: true, action: 'invalid_credentials' });
    expect(received).toHaveLength(1);
  });

  it('refuses to resolve a workflow that has not stopped', async () => {
    config.credential = 'operator';
    const created = await engine.create({ kind: 'test', steps: ['extract'] });
    await waitForStatus(store, created.id, STOPPED);
    await expect(engine.resolve(created.id)).rejects.toBeInstanceOf(WorkflowStateError);
    await expect(engine.resolve('missing')).rejects.toThrow(/no workflow missing/);
  });
});
