import type { Hono } from 'hono';
import {
  ok,
  parseJsonBody,
  partial,
  readBodyBytes,
  requireAdvertiser,
  requireToken,
  type EmulatorEnv,
  type RouteDeps,
} from './context.js';
import { ApiError } from './envelope.js';
import { EVENT_SOURCES, validateEvents } from './event-validation.js';
import { refusedItems } from './faults.js';
import { readTrackBytes } from './track-bytes.js';

/**
 * `POST event/track/` (Events API 2.0). `event_source_id` must be a pixel code for `web` and an event set
 * id for the other sources; an id the emulator does not know is a 40007 (the object does not exist).
 */
export function registerEventRoutes(api: Hono<EmulatorEnv>, deps: RouteDeps): void {
  api.post('/event/track/', async (c) => {
    const state = deps.state();
    const { directory } = state;
    const token = requireToken(c, directory);
    const bytes = await readBodyBytes(c);
    const now = deps.clock();
    // The fast path checks plain bodies in their bytes; anything else (and a partial-failure fault, which
    // names refused events) is parsed and checked the general way, which words every refusal.
    const fast = c.get('partial') ? undefined : readTrackBytes(bytes, now);
    const body = fast?.fields ?? parseJsonBody(bytes);
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
    const meta = {
      event_source: source,
      event_source_id: sourceId,
      ...(testCode === undefined ? {} : { test_event_code: testCode }),
      received_at: now,
    };
    if (fast) {
      state.stats.events_received += fast.events.start.length;
      state.events.addBytes(meta, fast.events);
      deps.changed();
      return ok(c, {});
    }
    let events = validateEvents(body.data, now);
    // A partial (20001) answer: TikTok takes the other events and says which it refused and why.
    const part = c.get('partial');
    const refused = part ? refusedItems(events.length, part.rate, part.seed) : undefined;
    if (refused) events = events.filter((_, i) => !refused.has(i));
    state.stats.events_received += events.length;
    state.events.addRaw(meta, events);
    deps.changed();
    if (!refused) return ok(c, {});
    const data = body.data as Record<string, unknown>[];
    return partial(c, {
      failed_events: [...refused].map((index) => ({
        index,
        event_id: data[index]?.event_id,
        code: 40002,
        reason: `data[${index}] was not accepted (emulated partial failure); it can be sent again`,
      })),
    });
  });
}
