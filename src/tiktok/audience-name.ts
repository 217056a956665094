/** TikTok keeps this many visible characters of a custom audience name and truncates the rest. */
export const AUDIENCE_NAME_LIMIT = 400;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The first `n` visible characters (grapheme clusters) of `text`. */
function firstVisible(text: string, n: number): string {
  let kept = '';
  let count = 0;
  for (const { segment } of graphemes.segment(text)) {
    if (count === n) break;
    kept += segment;
    count += 1;
  }
  return kept;
}

/**
 * Whether `listed`, a name as TikTok lists it, is `wanted` as TikTok stores it: the same name, or, for a name
 * longer than TikTok keeps, its first 400 visible characters followed by blanks and "..." (TikTok's
 * truncation). A short listed name ending in "..." is never taken for a long one: the kept part must be the
 * whole 400 characters (trailing blanks aside).
 */
export function isListedAs(listed: string, wanted: string): boolean {
  if (listed === wanted) return true;
  const kept = /(?:\.\.\.|\u2026)$/.exec(listed) ? listed.replace(/(?:\.\.\.|\u2026)$/, '').trimEnd() : null;
  if (kept === null || kept === '' || !wanted.startsWith(kept)) return false;
  const head = firstVisible(wanted, AUDIENCE_NAME_LIMIT);
  return head !== wanted && kept.length >= head.trimEnd().length;
}
