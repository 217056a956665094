import type { PartialSettings } from '../../config/index.js';
import { findTikTokError, tiktokDetail } from '../../jobs/index.js';
import type { AudienceRef, DestinationSpec, FailureAction } from '../types.js';
import { previewAudience } from './preview.js';
import { AUDIENCE_OPTIONS_HELP, audienceRunOptionsSchema } from './run-options.js';
import { customAudiencesSettings } from './settings.js';
import { SYNC_AUDIENCE_STEP } from './sync-step.js';

export { audienceRunOptionsSchema, type AudienceRunOptions } from './run-options.js';
export type { CustomAudienceSettings } from './settings.js';
export { audienceSyncOptionsOf } from './sync-step.js';

/** TikTok's "id limit exceeded": on audience creation, the account's limit of custom audiences. */
const AUDIENCE_LIMIT_CODE = 40011;

/** A refusal that means the advertiser has as many custom audiences as TikTok allows. */
function failureAction(err: unknown): FailureAction | undefined {
  const tiktok = findTikTokError(err);
  if (tiktok?.category !== 'invalid_request' || tiktok.tiktokCode !== AUDIENCE_LIMIT_CODE) return undefined;
  return { action: 'maximum_audience_limit', detail: tiktokDetail(tiktok) };
}

/** The audience of the settings: its first advertiser and name. */
function audienceOf(settings: PartialSettings): AudienceRef | undefined {
  const { advertiserId, customAudienceName } = settings;
  if (typeof advertiserId !== 'string' || typeof customAudienceName !== 'string') return undefined;
  return { advertiserId, audienceName: customAudienceName };
}

/** Sends a query's customers to a TikTok custom audience (created if missing, never deleted). */
export const tiktokCustomAudiences: DestinationSpec = {
  ...customAudiencesSettings,
  runOptions: { schema: audienceRunOptionsSchema, help: AUDIENCE_OPTIONS_HELP },
  report: {
    runKind: 'audience',
    targetSetting: 'customAudienceName',
    fields: [
      { key: 'rowsRead', label: 'rows read' },
      { key: 'added', label: 'added' },
      { key: 'removed', label: 'removed' },
    ],
  },
  steps: [SYNC_AUDIENCE_STEP],
  preview: previewAudience,
  previewSendsRawValues: false,
  failureAction,
  audienceOf,
};
