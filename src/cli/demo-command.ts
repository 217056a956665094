import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import {
  completeAuthorization,
  createAuthorizationLink,
  createCredential,
  createDestination,
  createTemplate,
  getCredentialAccess,
  type ControlPlaneDeps,
  type Credential,
} from '../config/index.js';
import { resolveSettings } from '../config/settings.js';
import { EMULATOR_DEFAULTS } from '../emulator/defaults.js';
import type { WorkflowDetails, WorkflowEngine, WorkflowRecord } from '../jobs/index.js';
import { createLogger } from '../logger.js';
import { tiktokCustomAudiences, tiktokEvents } from '../destinations/index.js';
import {
  createOrchestration,
  createSegment,
  runOrchestrationNow,
  type AppControlDeps,
} from '../orchestrations/index.js';
import { controlDeps, createWorkflowEngine } from './control-runtime.js';
import { businessUserCampaign } from './demo-business.js';
import { writeDemoCustomers, writeDemoOrders } from './demo-data.js';
import { serveWebApp, untilSignal, type DemoWebApp } from './demo-web.js';
import { storeWorkflows, waitUntilStopped } from './wait-workflow.js';
import { describeOutcome } from './workflow-run.js';
import { openRuntime } from './runtime.js';

/** Writes one demo step to stdout. */
type Say = (line: string) => void;

const indent = (text: string): string =>
  text
    .split('\n')
    .map((l) => `   ${l}`)
    .join('\n');

/** Where the OAuth callback of a `ttads serve` on its default port would be. */
const REDIRECT_URI = 'http://127.0.0.1:8080/oauth/callback';

/**
 * Authorizes (or reauthorizes) a credential through the real round trip: the signed authorization link, the
 * TikTok consent page (the emulator's agrees at once) redirecting to the callback, then the code exchange.
 */
async function authorize(control: ControlPlaneDeps, credentialId: string): Promise<Credential> {
  const link = await createAuthorizationLink(control, { credentialId, redirectUri: REDIRECT_URI });
  const consent = await fetch(link.url, { redirect: 'manual' });
  const location = consent.headers.get('location');
  if (consent.status !== 302 || !location) throw new Error(`consent page answered HTTP ${consent.status}`);
  const back = new URL(location);
  const { credential } = await completeAuthorization(control, {
    state: back.searchParams.get('state') ?? '',
    authCode: back.searchParams.get('auth_code') ?? '',
  });
  return credential;
}

/** Starts a run and waits for the in-process worker to finish it. */
async function runToEnd(
  control: AppControlDeps,
  start: () => Promise<WorkflowRecord>,
): Promise<WorkflowDetails> {
  const created = await start();
  return waitUntilStopped(storeWorkflows(control), created.id, 120_000);
}

interface EmulatorView {
  audiences: { name: string; member_counts: Record<string, number> }[];
  events: number;
}

async function emulatorView(url: string): Promise<EmulatorView> {
  const audiences = (await (await fetch(`${url}/_emulator/audiences?summary=1`)).json()) as {
    audiences: EmulatorView['audiences'];
  };
  const events = (await (await fetch(`${url}/_emulator/events`)).json()) as { events: unknown[] };
  return { audiences: audiences.audiences, events: events.events.length };
}

/**
 * The whole product on the embedded defaults, in a temporary data directory: the TikTok emulator in this
 * process, a credential authorized through OAuth, a destination and data template of each kind, a segment
 * defined by an admin, a campaign a business user makes of it through the HTTP API, and an orchestration, run
 * as workflows by an in-process worker on the embedded store, then one failed
 * workflow (revoked token) resolved after reauthorizing. Nothing leaves the machine.
 */
export async function runDemo(
  say: Say,
  opts: {
    keep?: boolean;
    /** Where logs go (default stderr) and at what level (default error). */
    log?: { destination?: NodeJS.WritableStream; level?: string };
    /** Called with the emulator's URL before it stops (tests read what TikTok issued). */
    beforeStop?: (emulatorUrl: string, dataDir: string) => Promise<void>;
    /**
     * Serve the web app and the API on this demo's store (port 0: any free port), then wait for
     * `untilStopped` (the CLI: Ctrl-C) before everything stops.
     */
    web?: { port: number; untilStopped: (app: DemoWebApp) => Promise<void> };
  } = {},
): Promise<void> {
  // Errors only: the stopped workflow of step 7 is expected and shown as its action, not as a log line.
  const logger = createLogger({
    level: opts.log?.level ?? process.env.TTADS_LOG_LEVEL ?? 'error',
    ...(opts.log?.destination ? { destination: opts.log.destination } : {}),
  });
  const dataDir = await mkdtemp(join(tmpdir(), 'ttads-demo-'));
  // Loaded here, not at start-up: only this command and `ttads emulator` run the emulator.
  const { startEmulator } = await import('../emulator/index.js');
  const emulator = await startEmulator({ port: 0, logger });
  let engine: WorkflowEngine | undefined;
  let web: (DemoWebApp & { close(): Promise<void> }) | undefined;
  // The embedded defaults, whatever the environment says (no DATABASE_URL, no real TikTok).
  const runtime = await openRuntime(resolveSettings({ dataDir, apiUrl: emulator.url, rps: 50 }, {}), logger);
  try {
    say(`1. TikTok emulator on ${emulator.url}; embedded store in ${dataDir}`);
    const control = await controlDeps(runtime);
    const { app, eventSet } = EMULATOR_DEFAULTS;
    const created = await createCredential(control, {
      name: 'Demo TikTok app',
      appId: app.app_id,
      appSecret: app.secret,
    });
    let credential = await authorize(control, created.id);
    say(
      `2. Credential ${credential.id} authorized through OAuth (link -> consent -> callback): ` +
        credential.advertisers.map((a) => `${a.advertiserId} (${a.name})`).join(', '),
    );
    const advertiserId = credential.advertisers[0]?.advertiserId ?? '';

    const audiences = await createDestination(control, {
      name: 'TikTok audiences',
      plugin: tiktokCustomAudiences.id,
      credentialId: credential.id,
      settings: { advertiserId },
      businessUserAccess: true,
      availableToCampaigns: true,
    });
    const audienceTemplate = await createTemplate(control, {
      destinationId: audiences.destination.id,
      name: 'Customers by email and phone',
      settings: { customAudienceName: 'Demo customers', userIdTypes: ['EMAIL', 'PHONE'] },
      availableToCampaigns: true,
    });
    const events = await createDestination(control, {
      name: 'TikTok store sales',
      plugin: tiktokEvents.id,
      credentialId: credential.id,
      settings: { advertiserId },
    });
    const eventsTemplate = await createTemplate(control, {
      destinationId: events.destination.id,
      name: 'Store purchases',
      settings: { eventSetId: eventSet.event_set_id },
    });
    say(
      `3. Destinations (connection tested): custom audiences ${audiences.destination.id}, offline events ` +
        `${events.destination.id}; data templates ${audienceTemplate.template.id} (offered to campaigns), ` +
        `${eventsTemplate.template.id}`,
    );

    const customers = join(dataDir, 'customers.csv');
    const orders = join(dataDir, 'orders.csv');
    await writeDemoCustomers(customers, { count: 2_000 });
    await writeDemoOrders(orders, { count: 300 });
    // The admin defines the segment (its source is a file path: admins only); business users see its name.
    const segment = await createSegment(
      { db: control.db },
      {
        name: 'All customers',
        description: 'Every customer of the CRM export, by email and phone',
        sourceQuery: customers,
        columns: { phone: 'Phone Number' },
        openToBusinessUsers: true,
      },
    );
    const orchestration = await createOrchestration(
      { db: control.db, plugins: control.plugins },
      {
        name: 'Store sales daily',
        sourceQuery: orders,
        destinationId: events.destination.id,
        templateId: eventsTemplate.template.id,
        schedule: { cron: '0 6 * * *', timezone: 'America/Los_Angeles' },
        options: { defaultRegion: 'US' },
      },
    );
    say(
      `4. Sample files: ${customers} (2,000 customers), ${orders} (300 orders of the last days); ` +
        `segment ${segment.id} "${segment.name}" (defined by an admin, opened to business users), ` +
        `orchestration ${orchestration.id} (daily at 06:00)`,
    );

    engine = createWorkflowEngine(runtime, {
      worker: false,
      control,
      extra: { pollingIntervalSeconds: 0.5, recoverIntervalSeconds: 0 },
    });
    await engine.start();
    await engine.work();
    const workflows = { engine, db: control.db, plugins: control.plugins };
    const business = await businessUserCampaign(
      runtime,
      { control, engine },
      {
        name: 'Spring sale',
        segmentName: segment.name,
        templateId: audienceTemplate.template.id,
        audienceName: 'Spring sale audience',
        percent: 10,
      },
    );
    const sent = await waitUntilStopped(storeWorkflows(control), business.workflowId, 120_000);
    say(
      `5. A business user (API key of that role) sees the segments ${business.segmentsSeen
        .map((n) => `"${n}"`)
        .join(', ')} by name, creates campaign ${business.campaignId} from one (10% control group) ` +
        'and sends it; the run is a workflow, run by a worker in this process:',
    );
    say(indent(describeOutcome(sent)));
    const first = await runToEnd(control, () => runOrchestrationNow(workflows, orchestration.id));
    say('6. Orchestration run (offline events):');
    say(indent(describeOutcome(first)));

    // The token is revoked at TikTok (say, the account holder removed the app); the next day's orders arrive.
    const { accessToken } = await getCredentialAccess(control, credential.id);
    await fetch(`${emulator.url}/_emulator/tokens/${accessToken}/revoke`, { method: 'POST' });
    await writeDemoOrders(orders, { count: 350 });
    const failed = await runToEnd(control, () => runOrchestrationNow(workflows, orchestration.id));
    say('7. The token was revoked at TikTok; the next run stops with a workflow action:');
    say(indent(describeOutcome(failed)));

    credential = await authorize(control, credential.id);
    const resolved = await engine.resolve(failed.id);
    const done = await waitUntilStopped(storeWorkflows(control), resolved.id, 120_000);
    say(
      `8. Reauthorized credential ${credential.id} through OAuth (same id, new token); ` +
        `workflow ${done.id} resolved from step ${failed.currentStep ?? '?'}: ${done.status}`,
    );
    say(indent(describeOutcome(done)));

    const view = await emulatorView(emulator.url);
    say('9. What TikTok (the emulator) received:');
    for (const a of view.audiences) {
      const counts = Object.entries(a.member_counts)
        .filter(([, n]) => n > 0)
        .map(([t, n]) => `${t} ${n}`)
        .join(', ');
      say(`   audience "${a.name}": ${counts}`);
    }
    say(`   offline events stored: ${view.events} in event set ${eventSet.event_set_id}`);
    say(`Data directory of this demo: ${dataDir}${opts.keep ? '' : ' (removed at the end)'}`);
    await opts.beforeStop?.(emulator.url, dataDir);
    if (opts.web) {
      web = await serveWebApp(runtime, { control, engine, port: opts.web.port });
      say(
        `10. The web app shows these runs and workflows: open ${web.signInUrl}\n` +
          `    (signed in as admin with a new API key; the HTTP API is under ${web.url}/api, ` +
          `OpenAPI at ${web.url}/openapi.json, the same key as "Authorization: Bearer ${web.apiKey}").\n` +
          `    Press Ctrl-C to stop the demo.`,
      );
      await opts.web.untilStopped(web);
    } else {
      say(
        '10. The web app and the HTTP API: run `ttads demo` without --no-web and open the address it prints.',
      );
    }
  } finally {
    await web?.close();
    await engine?.stop({ timeoutMs: 10_000 }).catch(() => undefined);
    await runtime.close();
    await emulator.close();
    if (!opts.keep) await rm(dataDir, { recursive: true, force: true });
  }
}

/** `ttads demo`: the whole product on the embedded defaults against the emulator, then the web app on it. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'Run the product end to end against a local TikTok emulator (no account, no database needed), ' +
        'then serve the web app on the result until Ctrl-C',
    )
    .option('--keep', 'keep the demo data directory')
    .option('--port <port>', 'port of the web app (a taken port falls back to any free one)', '8080')
    .option('--no-web', 'stop after the demo steps instead of serving the web app')
    .action(async (opts: { keep?: boolean; port: string; web: boolean }) => {
      await runDemo((line) => process.stdout.write(`${line}\n`), {
        ...(opts.keep ? { keep: true } : {}),
        ...(opts.web ? { web: { port: Number(opts.port), untilStopped: untilSignal } } : {}),
      });
    });
}
