/** Shared set-up of the orchestration tests (not used by product code). */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createDestination,
  createTemplate,
  type Credential,
  type DataTemplate,
  type Destination,
} from '../config/index.js';
import {
  ADVERTISER,
  authorizedCredential,
  openFixture,
  type ControlPlaneFixture,
} from '../config/control-plane.test-support.js';
import type { DestinationSpec } from '../destinations/index.js';
import type { WorkflowEngine, WorkflowEngineOptions } from '../jobs/index.js';
import { startTestEngine } from '../jobs/engine.test-support.js';
import type { Engine, Queryable } from '../store/store.js';
import type { OrchestrationDeps } from './deps.js';
import { orchestrationEngineOptions } from './engine-options.js';
import type { SegmentInput } from './segment-schema.js';
import { createSegment, type Segment } from './segments.js';

/** A store, the emulator, an authorized credential, a data directory and (optionally) a working engine. */
export interface RunFixture extends ControlPlaneFixture {
  dir: string;
  run: OrchestrationDeps;
  credential: Credential;
  engine: WorkflowEngine;
}

/** Opens the fixture; the engine works in process (PGlite: one process). */
export async function openRunFixture(
  engine: Engine = 'pglite',
  extra: Partial<WorkflowEngineOptions> = {},
  destinations?: readonly DestinationSpec[],
): Promise<RunFixture> {
  const fx = await openFixture(engine, destinations);
  const dir = await mkdtemp(join(tmpdir(), 'ttads-orch-'));
  const { db: _db, ...control } = fx.deps;
  const run: OrchestrationDeps = { ...control, store: fx.store, dataDir: join(dir, 'data'), concurrency: 2 };
  const credential = await authorizedCredential(fx.deps);
  const hooks = orchestrationEngineOptions(run);
  const workflows = await startTestEngine(fx.store, hooks.registry, { ...hooks, ...extra });
  return {
    ...fx,
    dir,
    run,
    credential,
    engine: workflows,
    async close() {
      await workflows.stop({ graceful: false });
      await fx.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A custom-audiences destination and a template offered to campaigns (the audience name on the template). */
export async function audienceTarget(
  fx: Pick<RunFixture, 'deps' | 'credential'>,
  name: string,
  audienceName = `${name} audience`,
): Promise<{ destination: Destination; template: DataTemplate }> {
  const { destination } = await createDestination(fx.deps, {
    name,
    plugin: 'tiktok_custom_audiences',
    credentialId: fx.credential.id,
    settings: { advertiserId: ADVERTISER },
    availableToCampaigns: true,
  });
  const { template } = await createTemplate(fx.deps, {
    destinationId: destination.id,
    name: `${name} template`,
    settings: { customAudienceName: audienceName },
    availableToCampaigns: true,
  });
  return { destination, template };
}

/** The emulator's audiences of the first advertiser, with their members by id type. */
export async function emulatorAudiences(
  emulatorUrl: string,
): Promise<{ name: string; audience_id: string; members: Record<string, string[]> }[]> {
  const res = await fetch(`${emulatorUrl}/_emulator/audiences?advertiser_id=${ADVERTISER}`);
  return (
    (await res.json()) as {
      audiences: { name: string; audience_id: string; members: Record<string, string[]> }[];
    }
  ).audiences;
}

/** `n` customers as CSV (customer_id, email), numbered from `from`. */
export function customersCsv(n: number, from = 0): string {
  const lines = ['customer_id,email'];
  for (let i = from; i < from + n; i++) lines.push(`c${i}, Customer${i}@Example.com `);
  return `${lines.join('\n')}\n`;
}

/** A segment of `source` (a file or query), defined as an admin would; opened to business users unless told. */
export async function testSegment(
  db: Queryable,
  name: string,
  sourceQuery: string,
  extra: Partial<SegmentInput> = {},
): Promise<Segment> {
  return createSegment({ db }, { name, sourceQuery, openToBusinessUsers: true, ...extra });
}
