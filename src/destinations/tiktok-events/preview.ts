import { ZodError } from 'zod';
import { ValidationError } from '../../config/index.js';
import { toFieldIssues } from '../../config/validate.js';
import { parseEventSettings, previewEvents } from '../../events/index.js';
import type { DestinationPreview, PreviewContext } from '../types.js';
import { eventSettingsOf } from './send-step.js';
import type { EventSettings } from './settings.js';

const NOTE =
  'Emails and phone numbers are normalised and SHA-256 hashed on this server before they are sent; events ' +
  'dated more than 28 days ago or in the future are refused, rows sharing an event_id are sent as one event ' +
  '(eventRows lists them; an order continuing past the previewed rows shows only its rows read here), and an ' +
  'event TikTok already acknowledged is not sent again (the preview does not check the journal).';

/** Each row validated, grouped into its event and mapped as a send would; the journal is not read. */
export async function previewEventRows(ctx: PreviewContext): Promise<DestinationPreview> {
  try {
    return await previewOf(ctx);
  } catch (err) {
    // The events engine's settings are made of the run options: what it refuses is an option to fix.
    if (err instanceof ZodError) throw new ValidationError(toFieldIssues(err, 'options'));
    throw err;
  }
}

async function previewOf(ctx: PreviewContext): Promise<DestinationPreview> {
  const settings = parseEventSettings(eventSettingsOf(ctx.settings as EventSettings, ctx.options));
  const copy = { kind: 'sql' as const, query: `SELECT * FROM ${ctx.table}` };
  const preview = await previewEvents(copy, ctx.duck, settings, { nowMs: ctx.nowMs, label: ctx.sourceLabel });
  const byRow = new Map(preview.rows.map((r) => [r.row, r]));
  return {
    rows: ctx.rows.map((_, i) => {
      const found = byRow.get(i + 1);
      return {
        sent: (found?.sent as unknown as Record<string, unknown> | null | undefined) ?? null,
        rejects: found?.rejects ?? [],
        eventRows: found?.eventRows ?? [],
        ...(found?.target ? { target: found.target } : {}),
      };
    }),
    note: NOTE,
  };
}
