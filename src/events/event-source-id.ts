import { isOfflineEventSetId, isPixelCode } from '../tiktok/event-source-ids.js';
import { Rejection } from './columns.js';
import type { EventSettings } from './settings.js';
import type { EventSource } from './vocabulary.js';

/**
 * The event source id of one row, i.e. what its event_set_id names once its event source is known: for
 * `web` the pixel code (the row's event_set_id, else the pixel code of the settings), for `offline` the
 * numeric offline event set id (the row's, else the settings'). A web row never needs an offline event
 * set, and an id of the wrong kind is refused with a reason saying which kind the source takes.
 */
export function eventSourceIdOf(
  rowId: string | undefined,
  source: EventSource,
  settings: Pick<EventSettings, 'eventSetId' | 'pixelCode'>,
): string | Rejection {
  if (source === 'web') {
    const pixel = rowId ?? settings.pixelCode;
    if (pixel === undefined) return new Rejection('pixel_code_missing', undefined, 'event_set_id');
    return isPixelCode(pixel) ? pixel : new Rejection('pixel_code_invalid', pixel, 'event_set_id');
  }
  const id = rowId ?? settings.eventSetId;
  if (id === undefined) return new Rejection('event_set_id_missing', undefined, 'event_set_id');
  return isOfflineEventSetId(id) ? id : new Rejection('event_set_id_invalid', id, 'event_set_id');
}
