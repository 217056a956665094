import {
  ConnectionStop,
  probeEventSource,
  type ConnectionCheck,
  type PartialSettings,
  type PluginConnectionCheck,
} from '../../config/index.js';
import type { TikTokClient } from '../../tiktok/index.js';
import { eventTargetOf } from './event-set-settings.js';

async function checkEventSource(
  client: TikTokClient,
  settings: PartialSettings,
  add: (c: ConnectionCheck) => void,
): Promise<void> {
  const target = eventTargetOf(settings);
  const web = target.source === 'web';
  const id = target.id;
  const what = web ? `pixel ${id}` : `event set ${id}`;
  if (id === undefined) {
    add({
      check: 'event_source',
      status: 'skipped',
      detail: `no ${web ? 'pixel code' : 'event set ID'} here; it is checked where it is set`,
    });
    return;
  }
  const probe = await probeEventSource(client, { eventSource: web ? 'web' : 'offline', eventSourceId: id });
  if (probe.result === 'not_found')
    throw new ConnectionStop(
      'event_set_not_found',
      `${what} does not exist; create it in TikTok Ads Manager (Assets, Events) or fix the ID`,
    );
  if (probe.result === 'read_only')
    throw new ConnectionStop(
      'insufficient_role',
      `the authorizing user may not send events to ${what}: ${probe.message}`,
    );
  add({
    check: 'event_source',
    status: probe.result === 'exists' ? 'passed' : 'unknown',
    // TikTok's API gives no way to list event sets or their owner: existence is all that can be told.
    detail:
      probe.result === 'exists'
        ? `${what} exists (its owning advertiser cannot be checked through the API)`
        : `could not tell whether ${what} exists: ${probe.message}`,
  });
}

/** The event set (or pixel) of the settings exists and takes events from this user. */
export const eventSourceCheck: PluginConnectionCheck = { check: 'event_source', run: checkEventSource };
