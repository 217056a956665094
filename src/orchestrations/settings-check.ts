import {
  getDestination,
  getTemplate,
  NotFoundError,
  resolveSettings,
  ValidationError,
  type DataTemplate,
  type Destination,
  type DestinationPlugin,
  type FieldIssue,
  type PartialSettings,
  type SettingsResolution,
} from '../config/index.js';
import type { Queryable } from '../store/store.js';

/** Loads a destination or template, turning "not found" into an issue on `path`. */
export async function loadOrIssue<T>(
  load: () => Promise<T>,
  path: string,
  issues: FieldIssue[],
): Promise<T | undefined> {
  try {
    return await load();
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
    issues.push({ path, message: err.message });
    return undefined;
  }
}

/**
 * Loads an orchestration's destination and template and checks that the template belongs to it.
 * @throws ValidationError naming `destinationId` / `templateId`
 */
export async function loadPair(
  db: Queryable,
  destinationId: string,
  templateId: string,
): Promise<{ destination: Destination; template: DataTemplate }> {
  const issues: FieldIssue[] = [];
  const destination = await loadOrIssue(() => getDestination(db, destinationId), 'destinationId', issues);
  const template = await loadOrIssue(() => getTemplate(db, templateId), 'templateId', issues);
  if (destination && template && template.destinationId !== destination.id) {
    issues.push({
      path: 'templateId',
      message: `data template ${template.id} belongs to destination ${template.destinationId}, not ${destination.id}`,
    });
  }
  if (issues.length > 0 || !destination || !template) throw new ValidationError(issues);
  return { destination, template };
}

/**
 * The issues of a failed settings resolution, as paths of the orchestration or campaign input: a missing
 * setting is asked for under `overridesPath` (it can be given there), invalid override values keep their key.
 */
export function resolutionIssues(
  resolution: SettingsResolution<unknown>,
  overridesPath: string,
): FieldIssue[] {
  if (resolution.ok) return [];
  // A key given with a bad value is reported as invalid only, not also as missing.
  const invalidKeys = new Set(resolution.invalid.map((i) => i.path.split('.')[1]));
  const missing = resolution.missing.filter((key) => !invalidKeys.has(key));
  const issues: FieldIssue[] = missing.map((key) => ({
    path: `${overridesPath}.${key}`,
    message: `required: set neither on the destination nor on the data template, so it must be given here`,
  }));
  for (const issue of resolution.invalid) {
    issues.push({ ...issue, path: issue.path.replace(/^orchestration\./, `${overridesPath}.`) });
  }
  return issues;
}

/**
 * Resolves settings and throws a ValidationError naming every missing or invalid setting; returns the
 * resolved settings.
 */
export function assertResolves(
  plugin: DestinationPlugin,
  destination: Destination,
  template: DataTemplate,
  overrides: PartialSettings,
  overridesPath: string,
): PartialSettings {
  const resolution = resolveSettings(plugin, destination, template, overrides);
  const issues = resolutionIssues(resolution, overridesPath);
  if (issues.length > 0) throw new ValidationError(issues);
  return resolution.settings;
}
