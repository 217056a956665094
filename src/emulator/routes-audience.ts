import type { Hono } from 'hono';
import type { AudienceRecord } from './audience-store.js';
import { audienceDetails, audienceListItem } from './audience-view.js';
import {
  ok,
  readBody,
  requireAdvertiser,
  requireToken,
  type EmulatorEnv,
  type RouteDeps,
} from './context.js';
import { ApiError } from './envelope.js';
import { parseIdArrayParam, parsePositiveInt, requireString, truncateName } from './validation.js';

const MAX_NAME_LENGTH = 400;
const MAX_PAGE_SIZE = 100;
const MAX_GET_IDS = 100;

/** The name as TikTok stores it: required, and truncated past 400 visible characters. */
function checkName(body: Record<string, unknown>): string {
  const name = body.custom_audience_name;
  if (typeof name !== 'string' || name.trim() === '')
    throw new ApiError(40002, 'custom_audience_name is required');
  return truncateName(name, MAX_NAME_LENGTH);
}

function owned(record: AudienceRecord | undefined, advertiserId: string, id: string): AudienceRecord {
  if (!record || record.advertiser_id !== advertiserId)
    throw new ApiError(40007, `Audience ${id} does not exist under advertiser ${advertiserId}`);
  return record;
}

/** Segment API audience management plus the DMP read endpoints used to find and inspect audiences. */
export function registerAudienceRoutes(api: Hono<EmulatorEnv>, deps: RouteDeps): void {
  api.post('/segment/audience/', async (c) => {
    const { directory, audiences } = deps.state();
    const token = requireToken(c, directory);
    const body = await readBody(c);
    const advertiserId = requireString(body, 'advertiser_id');
    requireAdvertiser(directory, token, advertiserId, 'write');
    const action = body.action;
    const now = deps.clock();
    if (action === 'create') {
      const name = checkName(body);
      if (audiences.countFor(advertiserId) >= deps.settings.maxAudiencesPerAdvertiser)
        throw new ApiError(40011, `Advertiser ${advertiserId} has reached its limit of audiences`);
      const record = audiences.create(advertiserId, name, now);
      deps.changed();
      return ok(c, { audience_id: record.audience_id });
    }
    if (action === 'update' || action === 'delete') {
      const id = requireString(body, 'audience_id');
      const record = owned(audiences.get(id), advertiserId, id);
      if (action === 'update') {
        record.name = checkName(body);
        record.history.push({ at: now, action: 'rename' });
      } else audiences.delete(id);
      deps.changed();
      return ok(c, { audience_id: id });
    }
    throw new ApiError(40002, 'action must be one of create, update, delete');
  });

  api.get('/dmp/custom_audience/list/', (c) => {
    const { directory, audiences } = deps.state();
    const token = requireToken(c, directory);
    const advertiserId = c.req.query('advertiser_id');
    if (!advertiserId) throw new ApiError(40002, 'advertiser_id is required');
    requireAdvertiser(directory, token, advertiserId, 'read');
    const page = parsePositiveInt(c.req.query('page'), 'page', 1);
    const pageSize = parsePositiveInt(c.req.query('page_size'), 'page_size', 10);
    if (pageSize > MAX_PAGE_SIZE) throw new ApiError(40002, `page_size must be at most ${MAX_PAGE_SIZE}`);
    const now = deps.clock();
    // A new audience is listed only after a delay (it can be read by id at once).
    const listedBefore = now - deps.settings.listingDelayMs;
    const all = audiences.listFor(advertiserId).filter((a) => a.created_at <= listedBefore);
    const list = all
      .slice((page - 1) * pageSize, page * pageSize)
      .map((a) => audienceListItem(a, audiences.status(a, now)));
    const page_info = {
      page,
      page_size: pageSize,
      total_number: all.length,
      total_page: Math.ceil(all.length / pageSize),
    };
    return ok(c, { list, page_info });
  });

  api.get('/dmp/custom_audience/get/', (c) => {
    const { directory, audiences } = deps.state();
    const token = requireToken(c, directory);
    const advertiserId = c.req.query('advertiser_id');
    if (!advertiserId) throw new ApiError(40002, 'advertiser_id is required');
    requireAdvertiser(directory, token, advertiserId, 'read');
    const ids = parseIdArrayParam(c.req.query('custom_audience_ids'), 'custom_audience_ids');
    if (ids.length > MAX_GET_IDS)
      throw new ApiError(40002, `custom_audience_ids takes at most ${MAX_GET_IDS} ids`);
    const now = deps.clock();
    const list = ids.map((id) => {
      const record = owned(audiences.get(id), advertiserId, id);
      return audienceDetails(record, audiences.status(record, now));
    });
    return ok(c, { list });
  });
}
