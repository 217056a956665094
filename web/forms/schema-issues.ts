// Where the API's 400 issues belong: a zod issue names a field by its path (['settings', 'advertiserId']);
// the form shows its message next to that field, and the issues that name no field above the form.

import type { FieldIssue } from '../api';
import { allFields, type FieldSpec } from './schema-fields';

/**
 * An issue path as field-name parts: arrays pass through; a dotted string ("body.settings.advertiserId", as
 * some server checks write it) is split. A leading "body" (the request part) is dropped.
 */
export function normalizeIssuePath(path: unknown): (string | number)[] {
  const parts: (string | number)[] = Array.isArray(path)
    ? (path as (string | number)[])
    : typeof path === 'string'
      ? path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p))
      : [];
  return parts[0] === 'body' ? parts.slice(1) : parts;
}

/**
 * The issues written in an error message such as
 * `Invalid request: body.name: Too small; body.settings.advertiserId: an advertiser ID is ...`, for answers
 * whose structured issues did not reach the browser.
 */
export function issuesFromMessage(message: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const re = /(?:^|; |: )body\.([\w.]+): (.*?)(?=; body\.[\w.]+: |$)/g;
  for (const m of message.matchAll(re)) {
    if (m[1] && m[2]) issues.push({ path: normalizeIssuePath(m[1]), message: m[2] });
  }
  return issues;
}

/** What a form shows of a 400: messages by field name, and the issues that name no field of the form. */
export interface MappedIssues {
  byField: Record<string, string>;
  other: FieldIssue[];
}

/**
 * Puts each issue on the deepest field its path names (['settings', 'userIdTypes', 0] lands on
 * `settings.userIdTypes`, as "Item 1: …"); issues naming no field of the form go to `other`.
 */
export function mapIssues(issues: FieldIssue[], fields: FieldSpec[]): MappedIssues {
  const names = new Set(allFields(fields).map((f) => f.name));
  const byField: Record<string, string> = {};
  const other: FieldIssue[] = [];
  for (const issue of issues) {
    const path = normalizeIssuePath(issue.path);
    let matched: string | undefined;
    let rest: (string | number)[] = [];
    for (let n = path.length; n > 0 && !matched; n--) {
      const name = path.slice(0, n).join('.');
      if (names.has(name)) {
        matched = name;
        rest = path.slice(n);
      }
    }
    if (!matched) {
      other.push({ path, message: issue.message });
      continue;
    }
    const item = typeof rest[0] === 'number' ? `Item ${rest[0] + 1}: ` : '';
    const message = `${item}${issue.message}`;
    byField[matched] = byField[matched] ? `${byField[matched]}; ${message}` : message;
  }
  return { byField, other };
}
