import { ZodError } from 'zod';
import { InvalidAudienceSettings } from '../../audiences/options.js';
import { previewAudienceRows } from '../../audiences/preview.js';
import { ValidationError } from '../../config/index.js';
import { toFieldIssues } from '../../config/validate.js';
import type { DestinationPreview, PreviewContext } from '../types.js';
import type { CustomAudienceSettings } from './settings.js';
import { audienceSyncOptionsOf } from './sync-step.js';

const NOTE =
  'Identifiers are normalised and SHA-256 hashed on this server before they are sent; raw values never leave it.';

/** Each row's normalised, hashed identifiers (or why not), as a sync would send them. */
export function previewAudience(ctx: PreviewContext): Promise<DestinationPreview> {
  try {
    const sync = audienceSyncOptionsOf(ctx.settings as CustomAudienceSettings, ctx.options);
    const preview = previewAudienceRows(ctx.columns, ctx.rows, {
      idTypes: sync.idTypes,
      defaultRegion: sync.defaultRegion,
      columns: sync.columns,
      source: ctx.sourceLabel,
    });
    return Promise.resolve({
      rows: ctx.rows.map((_, i) => ({
        sent: preview.rows[i]?.sent ?? null,
        rejects: preview.rows[i]?.rejects ?? [],
      })),
      note: NOTE,
    });
  } catch (err) {
    // What the engine refuses in the template's settings is the template's to fix.
    if (err instanceof InvalidAudienceSettings)
      throw new ValidationError([{ path: 'templateId', message: err.message }]);
    if (err instanceof ZodError) throw new ValidationError(toFieldIssues(err, 'templateId'));
    throw err;
  }
}
