import type { Queryable } from '../store/store.js';
import { listDestinations, type Destination } from './destinations-repo.js';
import type { PluginLookup } from './plugins.js';
import { resolveSettings } from './resolve-settings.js';
import { listTemplates, type DataTemplate } from './templates-repo.js';

/** Whether a template is offered to campaigns, and if not, every reason why. Pure. */
export function campaignOffer(
  plugins: PluginLookup,
  destination: Destination,
  template: Pick<DataTemplate, 'availableToCampaigns' | 'settings'>,
): { offered: boolean; reasons: string[] } {
  const plugin = plugins.plugin(destination.plugin);
  const reasons: string[] = [];
  if (!plugin.campaigns)
    reasons.push(
      plugin.noCampaignsReason ?? `${plugin.label} is sent by orchestrations only, never by campaigns`,
    );
  if (!template.availableToCampaigns) reasons.push('the data template is not made available to campaigns');
  if (!destination.availableToCampaigns) reasons.push('the destination is not available to campaigns');
  const resolved = resolveSettings(plugin, destination, template);
  if (!resolved.ok) {
    for (const key of resolved.missing)
      reasons.push(`setting ${key} is set neither on the destination nor on the template`);
    for (const issue of resolved.invalid) reasons.push(`${issue.path}: ${issue.message}`);
  }
  return { offered: reasons.length === 0, reasons };
}

/** Business users see a template only when both it and its destination are opened to them. */
export function visibleToBusinessUsers(destination: Destination, template?: DataTemplate): boolean {
  return destination.businessUserAccess && (template?.businessUserAccess ?? true);
}

/** Templates offered to campaigns, with their destinations. */
export async function listCampaignTemplates(
  db: Queryable,
  plugins: PluginLookup,
): Promise<{ destination: Destination; template: DataTemplate }[]> {
  const destinations = await listDestinations(db, { availableToCampaigns: true });
  const out: { destination: Destination; template: DataTemplate }[] = [];
  for (const destination of destinations) {
    for (const template of await listTemplates(db, { destinationId: destination.id })) {
      if (campaignOffer(plugins, destination, template).offered) out.push({ destination, template });
    }
  }
  return out;
}
