import { isPixelCode, PIXEL_CODE_EXAMPLE } from '../../tiktok/event-source-ids.js';
import type { FieldIssue } from '../../config/index.js';

/**
 * The offline-events settings that name where events go: `eventSource`, and `eventSetId`, which holds the
 * offline event set ID for offline events and the pixel code for web events. `pixelCode` is kept as an
 * alias of the latter (older destinations and templates set it), and may also name the pixel of the web
 * rows of an offline send.
 */
type EventSetSettings = {
  eventSource?: unknown;
  eventSetId?: unknown;
  pixelCode?: unknown;
};

const asText = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

const WEB_NEEDS_PIXEL =
  `with the event source "web" the event set ID is the pixel code (uppercase letters and digits, e.g. ` +
  `${PIXEL_CODE_EXAMPLE}), not an offline event set ID`;
const OFFLINE_NEEDS_SET =
  'this is a pixel code, which only web events take: set the event source to "web", or give the ' +
  'nineteen-digit offline event set ID';
const TWO_PIXELS =
  'the event set ID and the pixel code name different pixels; give the pixel code once, as the event set ID';

/**
 * Where the events of these settings go, as far as they tell: the event source (an unset one is web when
 * the settings name a pixel and no offline event set, else offline) and its id (the pixel code, from
 * `eventSetId` or its alias `pixelCode`, or the offline event set ID). Used by the connection test.
 */
export function eventTargetOf(settings: EventSetSettings): {
  source: 'web' | 'offline';
  id: string | undefined;
} {
  const setId = asText(settings.eventSetId);
  const pixel = setId !== undefined && isPixelCode(setId) ? setId : asText(settings.pixelCode);
  const declared =
    settings.eventSource === 'web' || settings.eventSource === 'offline' ? settings.eventSource : undefined;
  const offlineSet = setId !== undefined && !isPixelCode(setId) ? setId : undefined;
  const source = declared ?? (pixel !== undefined && offlineSet === undefined ? 'web' : 'offline');
  return { source, id: source === 'web' ? pixel : offlineSet };
}

/**
 * Contradictions inside one settings object (a destination's, a template's, or overrides) that say both
 * the event source and the event set ID: an offline event set ID for web events (unless a pixel code is
 * given beside it, for which it then only serves rows marked offline), a pixel code for offline events, or
 * two different pixels. Paths are the setting keys.
 */
export function eventSetIssues(settings: EventSetSettings): FieldIssue[] {
  const setId = asText(settings.eventSetId);
  const pixel = asText(settings.pixelCode);
  if (setId === undefined) return [];
  if (settings.eventSource === 'offline' && isPixelCode(setId)) {
    return [{ path: 'eventSetId', message: OFFLINE_NEEDS_SET }];
  }
  if (settings.eventSource !== 'web') return [];
  if (!isPixelCode(setId))
    return pixel === undefined ? [{ path: 'eventSetId', message: WEB_NEEDS_PIXEL }] : [];
  return pixel !== undefined && pixel !== setId ? [{ path: 'eventSetId', message: TWO_PIXELS }] : [];
}

/**
 * Settings merged from every layer, made to say where events go in one way: an event source left at its
 * default becomes web when the merged settings name a pixel and no offline event set; for web events the
 * pixel code (the later layer's when `eventSetId` and `pixelCode` disagree) becomes `eventSetId`, and an
 * offline event set ID there, with no pixel code at all, is refused; for offline events a pixel code in
 * `eventSetId` is refused. Changes `merged` and `sources` in place.
 * @param rank the precedence of the layer a key came from (higher wins)
 * @returns the issues, paths prefixed with the layer of the setting at fault
 */
export function reconcileEventSettings(
  merged: Record<string, unknown>,
  sources: Record<string, string>,
  rank: (key: string) => number,
): FieldIssue[] {
  // Only a source nobody chose is inferred; its layer stays "default".
  const chosen = sources.eventSource === 'default' ? undefined : merged.eventSource;
  if (eventTargetOf({ ...merged, eventSource: chosen }).source === 'web') merged.eventSource = 'web';
  const at = (key: string) => `${sources[key] ?? 'default'}.${key}`;
  const setId = asText(merged.eventSetId);
  if (merged.eventSource !== 'web') {
    return setId !== undefined && isPixelCode(setId)
      ? [{ path: at('eventSetId'), message: OFFLINE_NEEDS_SET }]
      : [];
  }
  const pixel = asText(merged.pixelCode);
  if (setId === undefined || !isPixelCode(setId)) {
    if (pixel === undefined) {
      return setId === undefined ? [] : [{ path: at('eventSetId'), message: WEB_NEEDS_PIXEL }];
    }
    // An older pixelCode setting: it is the event set of web events; a numeric eventSetId beside it stays
    // for the rows marked offline.
    if (setId === undefined) moveKey(merged, sources, 'pixelCode', 'eventSetId');
    return [];
  }
  if (pixel !== undefined && pixel !== setId) {
    if (rank('pixelCode') === rank('eventSetId')) return [{ path: at('eventSetId'), message: TWO_PIXELS }];
    if (rank('pixelCode') > rank('eventSetId')) {
      moveKey(merged, sources, 'pixelCode', 'eventSetId');
      return [];
    }
  }
  delete merged.pixelCode;
  delete sources.pixelCode;
  return [];
}

function moveKey(
  merged: Record<string, unknown>,
  sources: Record<string, string>,
  from: string,
  to: string,
): void {
  merged[to] = merged[from];
  if (sources[from] !== undefined) sources[to] = sources[from];
  delete merged[from];
  delete sources[from];
}
