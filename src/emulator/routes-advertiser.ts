import type { Hono } from 'hono';
import { ok, requireAdvertiser, requireToken, type EmulatorEnv, type RouteDeps } from './context.js';
import { parseIdArrayParam } from './validation.js';

/** `GET advertiser/info/`: details of ad accounts the token is authorized for. */
export function registerAdvertiserRoutes(api: Hono<EmulatorEnv>, deps: RouteDeps): void {
  api.get('/advertiser/info/', (c) => {
    const { directory } = deps.state();
    const token = requireToken(c, directory);
    const ids = parseIdArrayParam(c.req.query('advertiser_ids'), 'advertiser_ids');
    const list = ids.map((id) => {
      const a = requireAdvertiser(directory, token, id, 'read');
      return {
        advertiser_id: a.advertiser_id,
        name: a.name,
        status: a.status ?? 'STATUS_ENABLE',
        currency: a.currency ?? 'USD',
        timezone: a.timezone ?? 'Etc/GMT',
        company: a.company ?? directory.businesses.get(a.business_id) ?? a.name,
        role: 'ROLE_ADVERTISER',
        owner_bc_id: a.business_id,
      };
    });
    return ok(c, { list });
  });
}
