// Data the orchestration and campaign pages share: names of destinations and templates, recent workflows.
import { api } from '../api';
import type { Answer } from '../api/types';
import type { Destination, Template, Workflow } from './types';

/** Destinations and data templates the signed-in key may see (for names and the form's selects). */
export async function loadTargets(
  templatesQuery = '',
): Promise<{ destinations: Destination[]; templates: Template[] }> {
  const [d, t] = await Promise.all([
    api<Answer<'/api/destinations'>>('GET', '/api/destinations'),
    api<Answer<'/api/templates'>>('GET', `/api/templates${templatesQuery}`),
  ]);
  return { destinations: d.destinations, templates: t.templates };
}

/** The name of an object in a list, or its id when the list does not hold it. */
export function nameOf(list: { id: string; name: string }[] | undefined, id: string): string {
  return list?.find((x) => x.id === id)?.name ?? id;
}

/**
 * The recent workflows of one orchestration or campaign, newest first. The API filters by kind but not by
 * subject, so the latest workflows of the kind are fetched and filtered here.
 */
export async function workflowsOf(
  kind: 'orchestration' | 'campaign',
  subjectKey: 'orchestrationId' | 'campaignId',
  id?: string,
): Promise<Workflow[]> {
  const { workflows } = await api<Answer<'/api/workflows'>>('GET', `/api/workflows?kind=${kind}&limit=500`);
  return id === undefined ? workflows : workflows.filter((w) => w.subject[subjectKey] === id);
}

/** The newest workflow of each subject id (the list's "last run"). */
export function latestBySubject(workflows: Workflow[], subjectKey: string): Map<string, Workflow> {
  const latest = new Map<string, Workflow>();
  for (const w of workflows) {
    const id = w.subject[subjectKey];
    if (typeof id === 'string' && !latest.has(id)) latest.set(id, w);
  }
  return latest;
}

/**
 * The newest workflow of each orchestration or campaign. The last run is a nicety: when workflows cannot be
 * read the map is empty and the list still shows.
 */
export async function lastRuns(kind: 'orchestration' | 'campaign'): Promise<Map<string, Workflow>> {
  const subjectKey = kind === 'campaign' ? 'campaignId' : 'orchestrationId';
  const workflows = await workflowsOf(kind, subjectKey).catch(() => []);
  return latestBySubject(workflows, subjectKey);
}
