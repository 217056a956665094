import type { Hono } from 'hono';
import {
  ok,
  partial,
  readBodyBytes,
  requireAdvertiser,
  requireToken,
  type Ctx,
  type EmulatorEnv,
  type RouteDeps,
} from './context.js';
import type { TokenRecord } from './directory.js';
import { BodyPool } from './body-bytes.js';
import { ApiError } from './envelope.js';
import { refusedItems } from './faults.js';
import { readMappingBody } from './mapping-bytes.js';
import { readAdvertiserIds, validateMapping } from './mapping-validation.js';
import type { EmulatorState } from './state.js';

/** Mapping bodies are not kept past their request (the digests are copied out): their buffers are reused. */
const bodies = new BodyPool();

/** `POST segment/mapping/`: add members to, or remove them from, audiences; all or nothing (but for 20001). */
export function registerMappingRoutes(api: Hono<EmulatorEnv>, deps: RouteDeps): void {
  api.post('/segment/mapping/', async (c) => {
    const state = deps.state();
    const token = requireToken(c, state.directory);
    const bytes = await readBodyBytes(c, bodies);
    try {
      const body = readMappingBody(bytes);
      // TikTok counts a request's QPS when it arrives, whatever it is busy with; this single thread counts it
      // when it gets to it. Letting arrivals in between reading a body and applying it halves the time a request
      // can wait to be counted, which otherwise bunches evenly spaced requests into a rolling second.
      await new Promise<void>((resolve) => setImmediate(resolve));
      return applyMapping(c, deps, state, token, body);
    } finally {
      // The read body refers to `bytes` until it is applied; nothing does afterwards.
      bodies.give(bytes);
    }
  });
}

/** Checks and applies one read mapping body. */
function applyMapping(
  c: Ctx,
  deps: RouteDeps,
  state: EmulatorState,
  token: TokenRecord,
  body: Record<string, unknown>,
): Response {
  const { directory, audiences } = state;
  const advertiserIds = readAdvertiserIds(body);
  const businesses = new Set(
    advertiserIds.map((id) => requireAdvertiser(directory, token, id, 'write').business_id),
  );
  if (businesses.size > 1) throw new ApiError(40001, 'advertiser_ids must all belong to the same business');
  const request = validateMapping(
    body,
    advertiserIds,
    (id) => audiences.get(id)?.advertiser_id,
    deps.settings.mappingBatchLimit,
  );
  const { batch } = request;
  // A partial (20001) answer: the refused rows are left out and listed with their reason.
  const part = c.get('partial');
  const refused = part ? refusedItems(batch.rows, part.rate, part.seed) : undefined;
  const width = batch.schema.length;
  for (const row of refused ?? []) batch.listOf.fill(-1, row * width, row * width + width);
  audiences.applyMapping(request.action, batch, deps.clock());
  state.stats.mapping_rows_received += batch.rows - (refused?.size ?? 0);
  deps.changed();
  if (!refused) return ok(c, {});
  return partial(c, {
    failed_rows: [...refused].map((index) => ({
      index,
      code: 40002,
      reason: `batch_data[${index}] was not applied (emulated partial failure); it can be sent again`,
    })),
  });
}
