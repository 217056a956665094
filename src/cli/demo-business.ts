import type { AppControlDeps } from '../orchestrations/index.js';
import type { WorkflowEngine } from '../jobs/index.js';
import { createApiKey } from '../server/api-keys.js';
import type { Runtime } from './runtime.js';

/** What the demo's business user did through the HTTP API. */
export interface BusinessUserCampaign {
  /** The segments the business user was shown: names only, never a source. */
  segmentsSeen: string[];
  campaignId: string;
  workflowId: string;
}

/**
 * A business user's campaign, the way a person with a business-user key works: through the HTTP API (in
 * process, nothing listens), seeing the segments opened to them by name, creating a campaign from one and a
 * template offered to campaigns, then sending it. Their requests carry no SQL and no file path.
 */
export async function businessUserCampaign(
  runtime: Runtime,
  deps: { control: AppControlDeps; engine: WorkflowEngine },
  campaign: { name: string; segmentName: string; templateId: string; audienceName: string; percent: number },
): Promise<BusinessUserCampaign> {
  const { key } = await createApiKey(runtime.store, { name: 'Demo marketing', role: 'business_user' });
  // Loaded on use: the server's modules are no part of the CLI's start-up.
  const { buildServerApp } = await import('./server-app.js');
  const app = buildServerApp(runtime, { ...deps, publicUrl: 'http://127.0.0.1:8080' });
  const call = async (method: string, path: string, body?: unknown): Promise<Record<string, unknown>> => {
    const res = await app.request(path, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${String(json.error)}`);
    return json;
  };
  const { segments } = (await call('GET', '/api/segments')) as { segments: { id: string; name: string }[] };
  const segment = segments.find((s) => s.name === campaign.segmentName);
  if (!segment) throw new Error(`the business user does not see segment "${campaign.segmentName}"`);
  const created = await call('POST', '/api/campaigns', {
    name: campaign.name,
    segmentId: segment.id,
    templateId: campaign.templateId,
    audienceName: campaign.audienceName,
    controlGroupPercent: campaign.percent,
  });
  const run = await call('POST', `/api/campaigns/${String(created.id)}/run`);
  return {
    segmentsSeen: segments.map((s) => s.name),
    campaignId: String(created.id),
    workflowId: String(run.id),
  };
}
