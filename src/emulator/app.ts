import { Hono } from 'hono';
import type { EmulatorEnv, RouteDeps } from './context.js';
import { FaultController } from './faults.js';
import { apiMiddleware, errorHandler } from './middleware.js';
import { Persister } from './persist.js';
import { createPopulation } from './population.js';
import { Throttle } from './quota.js';
import { registerAdvertiserRoutes } from './routes-advertiser.js';
import { registerAudienceRoutes } from './routes-audience.js';
import { registerEventRoutes } from './routes-events.js';
import { inspectRoutes } from './routes-inspect.js';
import { registerMappingRoutes } from './routes-mapping.js';
import { registerOauthRoutes, registerPortalRoutes } from './routes-oauth.js';
import { defaultSeed, parseSeed } from './seed.js';
import { EmulatorState } from './state.js';
import type { EmulatorOptions, FaultOptions, ForcedAnswer } from './types.js';

/** An in-process emulator: call `app.request()` (no socket) or serve `app.fetch`. */
export interface Emulator {
  readonly app: Hono<EmulatorEnv>;
  /** Live state, for tests to inspect (stable object; `reset()` refills it). */
  readonly state: EmulatorState;
  readonly faults: FaultController;
  /** Per-app quotas (TikTok's QPS/QPM/QPD) and their defaults. */
  readonly throttle: Throttle;
  /** Back to the seed state, the initial fault settings and quotas, with no queued answers. */
  reset(): void;
  setFaults(faults: FaultOptions): void;
  /** Forces the answers of the next requests (to `path` only when given), like `POST /_emulator/next-errors`. */
  queueErrors(answers: ForcedAnswer[], path?: string): void;
  /** Writes the persistence file now (no-op without `persistFile`). */
  flush(): Promise<void>;
}

/**
 * Builds a stand-in for TikTok's Business API v1.3 that checks requests by TikTok's rules.
 * @throws Error when `seed` is invalid or `persistFile` cannot be read.
 */
export function createEmulator(opts: EmulatorOptions = {}): Emulator {
  const clock = opts.clock ?? Date.now;
  const seed = opts.seed ? parseSeed(opts.seed) : defaultSeed();
  // Options given in code or on the command line win over the seed file's settings.
  const settings = seed.settings ?? {};
  const initialFaults = opts.faults ?? settings.faults ?? {};
  const population = createPopulation(opts.population, opts.matchRate ?? 1);
  const state = new EmulatorState(seed, population, opts.processingDelayMs ?? 0, clock);
  const faults = new FaultController(initialFaults);
  const tier = opts.tier ?? settings.tier;
  const suspension = opts.suspensionMs ?? settings.suspension_ms;
  const throttle = new Throttle(
    { ...(tier ? { tier } : {}), ...(suspension !== undefined ? { suspension_ms: suspension } : {}) },
    opts.rateLimitRps ?? settings.rate_limit_rps ?? 50,
    clock,
  );
  const initialListingDelay = opts.listingDelayMs ?? settings.listing_delay_ms ?? 0;
  const persister = opts.persistFile ? new Persister(opts.persistFile, () => state, opts.logger) : undefined;
  if (persister?.load()) opts.logger?.info({ file: opts.persistFile }, 'emulator state loaded');

  const reset = (): void => {
    state.reset();
    throttle.reset();
    deps.settings.listingDelayMs = initialListingDelay;
    faults.configure(initialFaults);
    faults.clearQueue();
    persister?.schedule();
  };
  const changed = (): void => persister?.schedule();
  const deps: RouteDeps = {
    state: () => state,
    clock,
    changed,
    settings: {
      mappingBatchLimit: opts.mappingBatchLimit ?? 10_000,
      maxAudiencesPerAdvertiser: opts.maxAudiencesPerAdvertiser ?? 400,
      listingDelayMs: initialListingDelay,
    },
  };

  const onError = errorHandler(opts.logger);
  const api = new Hono<EmulatorEnv>();
  api.onError(onError);
  api.use('*', apiMiddleware({ state: deps.state, clock, faults, throttle, logger: opts.logger }));
  registerOauthRoutes(api, deps);
  registerAdvertiserRoutes(api, deps);
  registerAudienceRoutes(api, deps);
  registerMappingRoutes(api, deps);
  registerEventRoutes(api, deps);

  const app = new Hono<EmulatorEnv>();
  app.onError(onError);
  registerPortalRoutes(app, deps);
  app.route(
    '/_emulator',
    inspectRoutes({ state: deps.state, clock, faults, throttle, settings: deps.settings, reset, changed }),
  );
  app.route('/open_api/v1.3', api);
  app.notFound((c) => c.text('404 page not found', 404));

  return {
    app,
    state,
    faults,
    throttle,
    reset,
    setFaults: (f) => faults.configure(f),
    queueErrors: (answers, path) => faults.enqueue(answers, path),
    flush: () => persister?.flush() ?? Promise.resolve(),
  };
}
