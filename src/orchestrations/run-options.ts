import { ValidationError, toFieldIssues } from '../config/index.js';
import type { DestinationSpec } from '../destinations/index.js';

/**
 * Validates run options for a destination: its options schema, then what its engine refuses of options that
 * parsed (e.g. a bad time zone), so that a mistake is refused when saving rather than at the first run.
 * @throws ValidationError with paths under `options.`
 */
export function parseRunOptions(destination: DestinationSpec, input: unknown): Record<string, unknown> {
  const parsed = destination.runOptions.schema.safeParse(input ?? {});
  if (!parsed.success) throw new ValidationError(toFieldIssues(parsed.error, 'options'));
  const issues = destination.runOptions.check?.(parsed.data) ?? [];
  if (issues.length > 0) throw new ValidationError(issues);
  return parsed.data;
}
