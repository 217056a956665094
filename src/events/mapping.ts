import type { GroupedEvent } from './grouping.js';
import { compact } from './compact.js';
import type { EventContent } from './event-row.js';
import type { EventSettings } from './settings.js';
import type { EventSource } from './vocabulary.js';

/** TikTok accepts at most this many events in one `event/track/` request. */
export const MAX_EVENTS_PER_REQUEST = 1000;

export interface TrackUser {
  email: string;
  phone?: string;
  ttclid?: string;
  ttp?: string;
  ip?: string;
  user_agent?: string;
}

export interface TrackContent {
  price?: number;
  quantity?: number;
  content_id?: string;
  content_category?: string;
  content_name?: string;
  brand?: string;
}

export interface TrackProperties {
  contents?: TrackContent[];
  content_type?: string;
  currency?: string;
  value?: number;
  order_id?: string;
  shop_id?: string;
  event_channel?: string;
}

export interface TrackEvent {
  event: string;
  event_time: number;
  event_id: string;
  user: TrackUser;
  properties?: TrackProperties;
  limited_data_use?: boolean;
}

/** Body of `POST event/track/` (Events API 2.0). */
export interface TrackBody {
  event_source: EventSource;
  event_source_id: string;
  test_event_code?: string;
  data: TrackEvent[];
}

type MappingSettings = Pick<EventSettings, 'limitedDataUse' | 'testEventCode'>;

function toTrackContent(content: EventContent): TrackContent {
  const out: TrackContent = {};
  if (content.price !== undefined) out.price = content.price;
  if (content.quantity !== undefined) out.quantity = content.quantity;
  if (content.contentId !== undefined) out.content_id = content.contentId;
  if (content.contentCategory !== undefined) out.content_category = content.contentCategory;
  if (content.contentName !== undefined) out.content_name = content.contentName;
  if (content.brand !== undefined) out.brand = content.brand;
  return out;
}

/**
 * One `data[]` entry: renames agent -> user_agent, cookie_id -> ttp, tiktok_click_id -> ttclid; omits empty
 * fields. Built by assignment rather than compact(): it runs once per event sent.
 */
export function toTrackEvent(event: GroupedEvent, settings: MappingSettings = {}): TrackEvent {
  const user: TrackUser = { email: event.emailSha256 };
  if (event.phoneSha256 !== undefined) user.phone = event.phoneSha256;
  if (event.ttclid !== undefined) user.ttclid = event.ttclid;
  if (event.ttp !== undefined) user.ttp = event.ttp;
  if (event.ip !== undefined) user.ip = event.ip;
  if (event.userAgent !== undefined) user.user_agent = event.userAgent;
  const properties: TrackProperties = {};
  if (event.contents.length > 0) properties.contents = event.contents.map(toTrackContent);
  if (event.contentType !== undefined) properties.content_type = event.contentType;
  if (event.currency !== undefined) properties.currency = event.currency;
  if (event.value !== undefined) properties.value = event.value;
  if (event.orderId !== undefined) properties.order_id = event.orderId;
  if (event.shopId !== undefined) properties.shop_id = event.shopId;
  if (event.eventChannel !== undefined) properties.event_channel = event.eventChannel;
  const any =
    event.contents.length > 0 ||
    event.contentType !== undefined ||
    event.currency !== undefined ||
    event.value !== undefined ||
    event.orderId !== undefined ||
    event.shopId !== undefined ||
    event.eventChannel !== undefined;
  const track: TrackEvent = {
    event: event.event,
    event_time: event.eventTime,
    event_id: event.eventId,
    user,
  };
  if (any) track.properties = properties;
  if (settings.limitedDataUse !== undefined) track.limited_data_use = settings.limitedDataUse;
  return track;
}

/** Events can share a request only when they share event source and source id. */
export function trackBodyKey(event: Pick<GroupedEvent, 'eventSource' | 'eventSourceId'>): string {
  return `${event.eventSource}\u0000${event.eventSourceId}`;
}

/**
 * Collects events into request bodies of at most `maxEvents`, one open body per event source id.
 * Memory is bounded by (distinct source ids) × `maxEvents`.
 */
export class TrackBatcher {
  private readonly open = new Map<string, TrackBody>();

  constructor(
    private readonly settings: MappingSettings = {},
    private readonly maxEvents = MAX_EVENTS_PER_REQUEST,
  ) {}

  /** Adds one event; returns a body when that event filled it. */
  add(event: GroupedEvent): TrackBody | undefined {
    const key = trackBodyKey(event);
    let body = this.open.get(key);
    if (!body) {
      body = compact<TrackBody>({
        event_source: event.eventSource,
        event_source_id: event.eventSourceId,
        test_event_code: this.settings.testEventCode,
        data: [],
      });
      this.open.set(key, body);
    }
    body.data.push(toTrackEvent(event, this.settings));
    if (body.data.length < this.maxEvents) return undefined;
    this.open.delete(key);
    return body;
  }

  /** Returns the bodies not yet full (call at the end of the stream). */
  flush(): TrackBody[] {
    const bodies = [...this.open.values()];
    this.open.clear();
    return bodies;
  }
}

/** All events as request bodies (in memory); see {@link TrackBatcher} for streams. */
export function buildTrackBodies(
  events: Iterable<GroupedEvent>,
  settings: MappingSettings = {},
  maxEvents = MAX_EVENTS_PER_REQUEST,
): TrackBody[] {
  const batcher = new TrackBatcher(settings, maxEvents);
  const bodies: TrackBody[] = [];
  for (const event of events) {
    const full = batcher.add(event);
    if (full) bodies.push(full);
  }
  return [...bodies, ...batcher.flush()];
}
