import type { z } from 'zod';
import { partialOf, type DestinationPlugin } from '../../config/index.js';
import * as f from '../../config/plugin-fields.js';

/** Settings keys of custom audiences. */
export type CustomAudienceSettingKey =
  'advertiserId' | 'additionalAdvertiserIds' | 'customAudienceName' | 'userIdTypes';

/** Resolved settings of a custom audiences run. */
// A type alias (not an interface) so that it stays assignable to PartialSettings' index signature.
export type CustomAudienceSettings = {
  advertiserId: string;
  additionalAdvertiserIds?: string[] | undefined;
  customAudienceName: string;
  userIdTypes: f.UserIdType[];
};

const fields = {
  advertiserId: f.advertiserId,
  additionalAdvertiserIds: f.additionalAdvertiserIds,
  customAudienceName: f.customAudienceName,
  userIdTypes: f.userIdTypes,
} satisfies Record<CustomAudienceSettingKey, z.ZodType>;

/** The settings of custom audiences: a query's customers sent to a TikTok custom audience. */
export const customAudiencesSettings = {
  id: 'tiktok_custom_audiences',
  label: 'TikTok custom audiences',
  description:
    'Custom audiences help find people who already know about or have engaged with your brand: re-marketing, ' +
    'potential repeat customers and lookalike audiences. An audience needs at least 1,000 members before an ad ' +
    'group can use it; audience mapping can take up to 48 hours.',
  fields,
  partialSchema: partialOf(fields),
  defaults: { userIdTypes: [...f.DEFAULT_USER_ID_TYPES] },
  requiredSettings: () => ['advertiserId', 'customAudienceName', 'userIdTypes'],
  campaigns: true,
  checkedKeys: ['advertiserId', 'additionalAdvertiserIds'],
} satisfies DestinationPlugin;
