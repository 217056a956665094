import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_TYPES_FILE, apiDocument, renderApiTypes } from '../../scripts/api-types.js';

/** Where two texts first differ, as `line N: expected "…", checked in "…"`. */
function firstDifference(expected: string, actual: string): string {
  const want = expected.split('\n');
  const have = actual.split('\n');
  const at = want.findIndex((line, i) => line !== have[i]);
  const line = at === -1 ? want.length : at;
  return `line ${line + 1}: generated ${JSON.stringify(want[line] ?? '')}, checked in ${JSON.stringify(have[line] ?? '')}`;
}

// CI runs `npm test`: this is how it checks that the web app's API types follow the server's zod schemas.
describe("the web app's API types", () => {
  it('are generated from the current OpenAPI document (else: run npm run gen:api-types)', async () => {
    const generated = await renderApiTypes(await apiDocument());
    const checkedIn = await readFile(API_TYPES_FILE, 'utf8').catch(() => '');
    const file = relative(process.cwd(), API_TYPES_FILE);
    if (checkedIn !== generated)
      expect.fail(
        `${file} is not what the server's OpenAPI document gives: run npm run gen:api-types and commit it ` +
          `(${firstDifference(generated, checkedIn)}).`,
      );
    expect(generated).toMatch(/^\/\/ GENERATED .*npm run gen:api-types/s);
  }, 300_000);
});
