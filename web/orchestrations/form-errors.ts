// Sorts an API error into messages next to form fields and the rest (for an ErrorBanner).
import { ApiError } from '../api';

/** Messages keyed by the form field they belong to; `rest` is whatever no field claimed. */
export interface FormErrors {
  fields: Record<string, string>;
  rest: Error | undefined;
}

/** `path` as dotted text without the leading `body` the server sometimes writes (`body.options.timeZone`). */
function key(path: (string | number)[] | string): string {
  const parts = typeof path === 'string' ? path.split('.') : path.map(String);
  return (parts[0] === 'body' ? parts.slice(1) : parts).join('.');
}

/**
 * The field issues of an error. Zod issues arrive in `ApiError.issues`; the server's own checks (settings that
 * do not resolve, a taken name) send a dotted path that `api.ts` does not keep, so they are read back from the
 * message (`Invalid request: body.overrides.advertiserId: ...; body.x: ...` or `body.name: ...` for a 409).
 */
function issuesOf(err: ApiError): { path: string; message: string }[] {
  if (err.issues.length > 0) return err.issues.map((i) => ({ path: key(i.path), message: i.message }));
  const text = err.message.replace(/^Invalid request: /, '');
  return text
    .split(/; (?=body\.)/)
    .map((part) => /^body\.([\w.]+): ([\s\S]+)$/.exec(part))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ path: m[1] ?? '', message: m[2] ?? '' }));
}

/**
 * Places each issue on the first field whose key is its path or a prefix of it (`overrides` takes
 * `overrides.advertiserId`, shown as `advertiserId: ...`); `aliases` maps other paths to a field.
 */
export function formErrors(
  err: Error | undefined,
  fieldKeys: string[],
  aliases: Record<string, string> = {},
): FormErrors {
  if (!err) return { fields: {}, rest: undefined };
  if (!(err instanceof ApiError)) return { fields: {}, rest: err };
  const fields: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const issue of issuesOf(err)) {
    const path = aliases[issue.path] ?? issue.path;
    const field = fieldKeys.find((k) => path === k || path.startsWith(`${k}.`));
    if (!field) {
      unplaced.push(`${issue.path}: ${issue.message}`);
      continue;
    }
    const sub = path.slice(field.length + 1);
    const message = sub ? `${sub}: ${issue.message}` : issue.message;
    fields[field] = fields[field] ? `${fields[field]}; ${message}` : message;
  }
  const placedAll = unplaced.length === 0 && Object.keys(fields).length > 0;
  const rest = placedAll
    ? undefined
    : unplaced.length > 0 && Object.keys(fields).length > 0
      ? new ApiError(err.status, unplaced.join('; '))
      : err;
  return { fields, rest };
}
