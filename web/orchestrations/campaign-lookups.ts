// What the campaign pages read besides campaigns: the templates offered to them and destination names.
import { api } from '../api';
import type { Answer } from '../api/types';
import type { Destination, Segment, Template } from './types';

/** The segments the signed-in key may pick (business users: those opened to them, by name). */
export async function campaignSegments(): Promise<Segment[]> {
  return (await api<Answer<'/api/segments'>>('GET', '/api/segments')).segments;
}

/** The data templates offered to campaigns that the signed-in key may use. */
export async function campaignTemplates(): Promise<Template[]> {
  return (await api<Answer<'/api/templates'>>('GET', '/api/templates?campaigns=true')).templates;
}

/**
 * Every template, destination and segment the key may see, for names; a business user may not see a
 * destination a template of theirs belongs to (nor a segment not opened to them), so an unreadable list is
 * empty rather than an error.
 */
export async function campaignNames(): Promise<{
  templates: Template[];
  destinations: Destination[];
  segments: Segment[];
}> {
  const [t, d, s] = await Promise.all([
    api<Answer<'/api/templates'>>('GET', '/api/templates').catch(() => ({ templates: [] })),
    api<Answer<'/api/destinations'>>('GET', '/api/destinations').catch(() => ({ destinations: [] })),
    api<Answer<'/api/segments'>>('GET', '/api/segments').catch(() => ({ segments: [] })),
  ]);
  return { templates: t.templates, destinations: d.destinations, segments: s.segments };
}
