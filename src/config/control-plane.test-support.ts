/**
 * Shared test set-up for the control plane: a store on one engine, the emulator in-process, a secret key
 * and a TikTok client pointed at the emulator. No production code imports this module.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { startEmulator, EMULATOR_DEFAULTS, type RunningEmulator } from '../emulator/index.js';
import type { Logger } from '../logger.js';
import { REDACT_PATHS } from '../logger.js';
import { builtInDestinations, DestinationRegistry, type DestinationSpec } from '../destinations/index.js';
import type { AppControlDeps } from '../orchestrations/index.js';
import { openTestStore } from '../store/store.test-support.js';
import type { Engine, Store } from '../store/store.js';
import { createTikTokClient } from '../tiktok/index.js';
import { createCredential, type Credential } from './credentials.js';
import { createDestination } from './destinations.js';
import { completeAuthorization, createAuthorizationLink } from './oauth.js';
import { createSecretBox, generateSecretKey, parseSecretKey } from './secrets.js';
import { createTemplate } from './templates.js';

export const APP = EMULATOR_DEFAULTS.app;
export const ADVERTISER = EMULATOR_DEFAULTS.advertisers[0].advertiser_id;
export const ADVERTISER_2 = EMULATOR_DEFAULTS.advertisers[1].advertiser_id;
export const FOREIGN_ADVERTISER = EMULATOR_DEFAULTS.foreignAdvertiser.advertiser_id;
export const EVENT_SET = EMULATOR_DEFAULTS.eventSet.event_set_id;
export const PIXEL = EMULATOR_DEFAULTS.pixel.pixel_code;
export const REDIRECT_URI = 'https://ttads.example.com/oauth/callback';

/** A logger that keeps every line it writes (JSON), to look for secrets in the logs. */
export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = pino({ level: 'trace', redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, sink);
  return { logger, lines };
}

/** Everything one control-plane test needs; `close()` stops the emulator and drops the store. */
export interface ControlPlaneFixture {
  store: Store;
  emulator: RunningEmulator;
  deps: AppControlDeps;
  logLines: string[];
  /** Current fake time (ms); tests move it with `advance`. */
  advance(ms: number): void;
  close(): Promise<void>;
}

/**
 * Opens a store on `engine`, starts the emulator (without its QPS limit: tests send bursts with one token and
 * the client here does not retry) and builds the deps.
 */
export async function openFixture(
  engine: Engine,
  destinations: readonly DestinationSpec[] = builtInDestinations,
): Promise<ControlPlaneFixture> {
  const [store, emulator] = await Promise.all([
    openTestStore(engine),
    startEmulator({ port: 0, rateLimitRps: 0 }),
  ]);
  const { logger, lines } = capturingLogger();
  let offset = 0;
  const tiktok = createTikTokClient({ baseUrl: emulator.url, rps: 0, retry: { maxAttempts: 1 }, logger });
  return {
    store,
    emulator,
    logLines: lines,
    deps: {
      db: store,
      secrets: createSecretBox(parseSecretKey(generateSecretKey(), 'test key')),
      tiktok,
      now: () => Date.now() + offset,
      logger,
      plugins: new DestinationRegistry(destinations),
    },
    advance(ms) {
      offset += ms;
    },
    async close() {
      await Promise.all([store.close(), emulator.close()]);
    },
  };
}

/**
 * Opens an authorization link as the TikTok account holder would, against the emulator's consent page
 * (`as`: `analyst` to consent as the Analyst user), and returns what TikTok sends to the callback.
 */
export async function consent(linkUrl: string, as?: string): Promise<{ state: string; authCode: string }> {
  const url = new URL(linkUrl);
  if (as) url.searchParams.set('as', as);
  const res = await fetch(url, { redirect: 'manual' });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`consent page answered HTTP ${res.status}`);
  const callback = new URL(location);
  return {
    state: callback.searchParams.get('state') ?? '',
    authCode: callback.searchParams.get('auth_code') ?? '',
  };
}

/** Creates a credential for the emulator's app and authorizes it through the real OAuth round trip. */
export async function authorizedCredential(deps: AppControlDeps, name = 'Emulator'): Promise<Credential> {
  const created = await createCredential(deps, { name, appId: APP.app_id, appSecret: APP.secret });
  const link = await createAuthorizationLink(deps, { credentialId: created.id, redirectUri: REDIRECT_URI });
  const { credential } = await completeAuthorization(deps, await consent(link.url));
  return credential;
}

/**
 * An authorized credential, a custom audiences destination "Audiences" on {@link ADVERTISER} and its
 * template "Buyers" (audience "Buyers", EMAIL): what a preview or a run of an audience needs. Answers the
 * template's id.
 */
export async function buyersTemplate(deps: AppControlDeps): Promise<string> {
  const credential = await authorizedCredential(deps);
  const destination = await createDestination(deps, {
    name: 'Audiences',
    plugin: 'tiktok_custom_audiences',
    credentialId: credential.id,
    settings: { advertiserId: ADVERTISER },
  });
  const { template } = await createTemplate(deps, {
    destinationId: destination.destination.id,
    name: 'Buyers',
    settings: { customAudienceName: 'Buyers', userIdTypes: ['EMAIL'] },
  });
  return template.id;
}
