import type { Hono } from 'hono';
import {
  ok,
  readJsonBody,
  requireAdvertiser,
  requireToken,
  type EmulatorEnv,
  type RouteDeps,
} from './context.js';
import { ApiError } from './envelope.js';
import { EVENT_SOURCES, validateEvents } from './event-validation.js';

/**
 * `POST event/track/` (Events API 2.0). `event_source_id` must be a pixel code for `web` and an event set
 * id for the other sources; an id the emulator does not know is a 40007 (the object does not exist).
 */
export function registerEventRoutes(api: Hono<EmulatorEnv>, deps: RouteDeps): void {
  api.post('/event/track/', async (c) => {
    const state = deps.state();
    const { directory } = state;
    const token = requireToken(c, directory);
    const body = await readJsonBody(c);
    const source = body.event_source;
    if (typeof source !== 'string' || !(EVENT_SOURCES as readonly string[]).includes(source))
      throw new ApiError(40002, `event_source must be one of ${EVENT_SOURCES.join(', ')}`);
    const sourceId = body.event_source_id;
    if (typeof sourceId !== 'string' || sourceId === '')
      throw new ApiError(40002, 'event_source_id is required');
    const owner =
      source === 'web'
        ? directory.pixels.get(sourceId)?.advertiser_id
        : directory.eventSets.get(sourceId)?.advertiser_id;
    if (owner === undefined)
      throw new ApiError(40007, `${source === 'web' ? 'Pixel' : 'Event set'} ${sourceId} does not exist`);
    requireAdvertiser(directory, token, owner, 'write');
    const testCode = body.test_event_code;
    if (testCode !== undefined && typeof testCode !== 'string')
      throw new ApiError(40002, 'test_event_code must be a string');
    const now = deps.clock();
    const events = validateEvents(body.data, now);
    state.stats.events_received += events.length;
    state.events.addRaw(
      {
        event_source: source,
        event_source_id: sourceId,
        ...(testCode === undefined ? {} : { test_event_code: testCode }),
        received_at: now,
      },
      events,
    );
    deps.changed();
    return ok(c, {});
  });
}
