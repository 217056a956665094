// What the campaign pages read besides campaigns: the templates offered to them and destination names.
import { api } from '../api';
import type { Destination, Template } from './types';

/** The data templates offered to campaigns that the signed-in key may use. */
export async function campaignTemplates(): Promise<Template[]> {
  return (await api<{ templates: Template[] }>('GET', '/api/templates?campaigns=true')).templates;
}

/**
 * Every template and destination the key may see, for names; a business user may not see a destination a
 * template of theirs belongs to, so an unreadable list is empty rather than an error.
 */
export async function campaignNames(): Promise<{ templates: Template[]; destinations: Destination[] }> {
  const [t, d] = await Promise.all([
    api<{ templates: Template[] }>('GET', '/api/templates').catch(() => ({ templates: [] })),
    api<{ destinations: Destination[] }>('GET', '/api/destinations').catch(() => ({ destinations: [] })),
  ]);
  return { templates: t.templates, destinations: d.destinations };
}
