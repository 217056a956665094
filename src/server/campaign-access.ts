import { campaignOffer, getDestination, getTemplate, NotFoundError } from '../config/index.js';
import {
  getCampaign,
  RunnableNotFound,
  type AppControlDeps,
  type Campaign,
} from '../orchestrations/index.js';
import { HttpError, type Caller } from './routes.js';

/** Whether a data template is offered to campaigns now: what business users may work with. */
export async function offeredToCampaigns(
  control: Pick<AppControlDeps, 'db' | 'plugins'>,
  templateId: string,
): Promise<boolean> {
  const { db, plugins } = control;
  try {
    const template = await getTemplate(db, templateId);
    return campaignOffer(plugins, await getDestination(db, template.destinationId), template).offered;
  } catch (err) {
    if (err instanceof NotFoundError) return false;
    throw err;
  }
}

/** The campaign if the caller may see it; a 404 otherwise (its existence is not told either). */
export async function visibleCampaign(
  control: Pick<AppControlDeps, 'db' | 'plugins'>,
  caller: Caller | undefined,
  id: string,
): Promise<Campaign> {
  const campaign = await getCampaign(control.db, id);
  if (caller?.role !== 'admin' && !(await offeredToCampaigns(control, campaign.templateId)))
    throw new HttpError(404, `campaign ${id} does not exist`);
  return campaign;
}

/**
 * Whether business users may see a campaign, by id: it exists and its data template is offered to campaigns.
 * Answers are cached for the life of the returned function (one request).
 */
export function campaignVisibility(
  control: Pick<AppControlDeps, 'db' | 'plugins'>,
): (campaignId: string) => Promise<boolean> {
  const cache = new Map<string, Promise<boolean>>();
  const check = async (id: string): Promise<boolean> => {
    try {
      return await offeredToCampaigns(control, (await getCampaign(control.db, id)).templateId);
    } catch (err) {
      if (err instanceof RunnableNotFound) return false;
      throw err;
    }
  };
  return (id) => {
    let hit = cache.get(id);
    if (!hit) cache.set(id, (hit = check(id)));
    return hit;
  };
}
