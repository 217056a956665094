import type { z } from 'zod';
import { ValidationError, type FieldIssue } from './errors.js';

/** Zod issues as `{path, message}` with dotted paths (`settings.advertiserId`). */
export function toFieldIssues(error: z.ZodError, prefix = ''): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter((p) => p !== '').join('.'),
    message: issue.message,
  }));
}

/** Parses input with a schema. @throws ValidationError naming every field at fault. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, prefix = ''): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new ValidationError(toFieldIssues(parsed.error, prefix));
  return parsed.data;
}

/** The entries whose value is not `undefined` (a patch's absent fields leave the stored value alone). */
export function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}
