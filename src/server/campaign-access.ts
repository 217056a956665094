import { campaignOffer, getDestination, getTemplate, NotFoundError } from '../config/index.js';
import { getCampaign, RunnableNotFound, type Campaign } from '../orchestrations/index.js';
import type { Queryable } from '../store/store.js';
import { HttpError, type Caller } from './routes.js';

/** Whether a data template is offered to campaigns now: what business users may work with. */
export async function offeredToCampaigns(db: Queryable, templateId: string): Promise<boolean> {
  try {
    const template = await getTemplate(db, templateId);
    return campaignOffer(await getDestination(db, template.destinationId), template).offered;
  } catch (err) {
    if (err instanceof NotFoundError) return false;
    throw err;
  }
}

/** The campaign if the caller may see it; a 404 otherwise (its existence is not told either). */
export async function visibleCampaign(
  db: Queryable,
  caller: Caller | undefined,
  id: string,
): Promise<Campaign> {
  const campaign = await getCampaign(db, id);
  if (caller?.role !== 'admin' && !(await offeredToCampaigns(db, campaign.templateId)))
    throw new HttpError(404, `campaign ${id} does not exist`);
  return campaign;
}

/**
 * Whether business users may see a campaign, by id: it exists and its data template is offered to campaigns.
 * Answers are cached for the life of the returned function (one request).
 */
export function campaignVisibility(db: Queryable): (campaignId: string) => Promise<boolean> {
  const cache = new Map<string, Promise<boolean>>();
  const check = async (id: string): Promise<boolean> => {
    try {
      return await offeredToCampaigns(db, (await getCampaign(db, id)).templateId);
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
