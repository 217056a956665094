import type { Hono } from 'hono';
import { ok, requireAdvertiser, requireToken, type EmulatorEnv, type RouteDeps } from './context.js';
import { ApiError } from './envelope.js';
import { readMappingBody } from './mapping-bytes.js';
import { readAdvertiserIds, validateMapping } from './mapping-validation.js';

/** `POST segment/mapping/`: add members to, or remove them from, audiences; all or nothing. */
export function registerMappingRoutes(api: Hono<EmulatorEnv>, deps: RouteDeps): void {
  api.post('/segment/mapping/', async (c) => {
    const state = deps.state();
    const { directory, audiences } = state;
    const token = requireToken(c, directory);
    const body = readMappingBody(Buffer.from(await c.req.arrayBuffer()));
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
    audiences.applyMapping(request.action, request.batch, deps.clock());
    state.stats.mapping_rows_received += request.batch.rows;
    deps.changed();
    return ok(c, {});
  });
}
