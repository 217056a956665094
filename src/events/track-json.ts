import type { EventContent } from './event-row.js';
import type { GroupedEvent } from './grouping.js';
import type { EventSettings } from './settings.js';

// Numbers are finite (the rules refuse anything else), so their text is JSON's. Keys come in
// toTrackEvent's order.

/**
 * A string as JSON: quoted as it is when nothing in it needs escaping (hashes, ids, vocabulary: nearly
 * every value), else JSON.stringify's exact escaping. Scanning is cheaper than a call to JSON.stringify,
 * which makes a new string each time (ten per event).
 */
function str(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Control characters, '"', '\\' and surrogates (JSON.stringify escapes lone ones).
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(text);
  }
  return '"' + text + '"';
}

function contentJson(c: EventContent): string {
  let out = '';
  if (c.price !== undefined) out += `,"price":${c.price}`;
  if (c.quantity !== undefined) out += `,"quantity":${c.quantity}`;
  if (c.contentId !== undefined) out += `,"content_id":${str(c.contentId)}`;
  if (c.contentCategory !== undefined) out += `,"content_category":${str(c.contentCategory)}`;
  if (c.contentName !== undefined) out += `,"content_name":${str(c.contentName)}`;
  if (c.brand !== undefined) out += `,"brand":${str(c.brand)}`;
  return out === '' ? '{}' : `{${out.slice(1)}}`;
}

/**
 * One `data[]` entry of `event/track/` as JSON text: the very text `JSON.stringify(toTrackEvent(event,
 * settings))` gives, built without the object tree (this runs once per event sent, and the tree would
 * live until TikTok answers: most of a send's garbage collection).
 */
export function trackEventJson(
  event: GroupedEvent,
  settings: Pick<EventSettings, 'limitedDataUse'> = {},
): string {
  let user = `{"email":${str(event.emailSha256)}`;
  if (event.phoneSha256 !== undefined) user += `,"phone":${str(event.phoneSha256)}`;
  if (event.ttclid !== undefined) user += `,"ttclid":${str(event.ttclid)}`;
  if (event.ttp !== undefined) user += `,"ttp":${str(event.ttp)}`;
  if (event.ip !== undefined) user += `,"ip":${str(event.ip)}`;
  if (event.userAgent !== undefined) user += `,"user_agent":${str(event.userAgent)}`;
  let props = '';
  const contents = event.contents;
  if (contents.length > 0) {
    props += ',"contents":[';
    for (let i = 0; i < contents.length; i++) props += (i > 0 ? ',' : '') + contentJson(contents[i]!);
    props += ']';
  }
  if (event.contentType !== undefined) props += `,"content_type":${str(event.contentType)}`;
  if (event.currency !== undefined) props += `,"currency":${str(event.currency)}`;
  if (event.value !== undefined) props += `,"value":${event.value}`;
  if (event.orderId !== undefined) props += `,"order_id":${str(event.orderId)}`;
  if (event.shopId !== undefined) props += `,"shop_id":${str(event.shopId)}`;
  if (event.eventChannel !== undefined) props += `,"event_channel":${str(event.eventChannel)}`;
  let out = `{"event":${str(event.event)},"event_time":${event.eventTime},"event_id":${str(event.eventId)},"user":${user}}`;
  if (props !== '') out += `,"properties":{${props.slice(1)}}`;
  if (settings.limitedDataUse !== undefined) out += `,"limited_data_use":${settings.limitedDataUse}`;
  return out + '}';
}
