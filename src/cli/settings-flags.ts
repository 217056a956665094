import type { Command } from 'commander';
import type { PartialSettings } from '../config/index.js';

/** Options that set plugin settings, shared by destinations and templates. */
export function addSettingsOptions(command: Command): Command {
  return command
    .option('--advertiser-id <id>', 'TikTok advertiser ID (19 digits)')
    .option('--audience-name <name>', 'custom audiences: name of the custom audience')
    .option('--user-id-types <types>', 'custom audiences: comma-separated, e.g. EMAIL,PHONE')
    .option(
      '--event-set-id <id>',
      'offline events: the offline event set ID (19 digits), or the pixel code when the event source is web',
    )
    .option('--event-source <source>', 'offline events: offline or web')
    .option('--pixel-code <code>', 'web events: the pixel code (an alias of --event-set-id)')
    .option('--settings <json>', 'any settings as a JSON object (the flags above win)');
}

/** The settings given by {@link addSettingsOptions}; unset flags are left out. */
export function settingsFromFlags(opts: Record<string, unknown>): PartialSettings {
  let base: PartialSettings = {};
  if (typeof opts.settings === 'string') {
    try {
      base = JSON.parse(opts.settings) as PartialSettings;
    } catch {
      throw Object.assign(new Error('--settings must be a JSON object'), { name: 'UsageError' });
    }
  }
  const flags: PartialSettings = {
    advertiserId: opts.advertiserId,
    customAudienceName: opts.audienceName,
    userIdTypes:
      typeof opts.userIdTypes === 'string'
        ? opts.userIdTypes.split(',').map((t) => t.trim().toUpperCase())
        : undefined,
    eventSetId: opts.eventSetId,
    eventSource: opts.eventSource,
    pixelCode: opts.pixelCode,
  };
  return { ...base, ...Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined)) };
}
