import { TtadsError } from '../errors.js';
import { z } from 'zod';
import { ID_TYPES, type IdType } from '../identity/index.js';

/** TikTok refuses custom audience names longer than this many visible characters. */
export const MAX_AUDIENCE_NAME_LENGTH = 400;
/** Rows per `segment/mapping/` request unless set otherwise. */
export const DEFAULT_BATCH_SIZE = 10_000;
/** TikTok will not let an ad group use an audience with fewer members than this. */
export const MIN_SERVABLE_AUDIENCE = 1_000;

/** Counts visible characters (grapheme clusters), as TikTok's 400-character limit does. */
export function visibleLength(text: string): number {
  return [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].length;
}

/** Settings of one audience sync, validated once; the same schema feeds the CLI, API and UI. */
export const audienceSyncSchema = z.object({
  advertiserIds: z
    .array(z.string().regex(/^\d{19}$/, 'an advertiser id is a nineteen-digit number'))
    .min(1, 'at least one advertiser id is needed')
    .describe('Advertiser ids (one business) the audience is mapped to; the first owns it'),
  audienceName: z
    .string()
    .trim()
    .min(1, 'the audience name is empty')
    .refine((name) => visibleLength(name) <= MAX_AUDIENCE_NAME_LENGTH, {
      message: `the audience name is longer than ${MAX_AUDIENCE_NAME_LENGTH} characters`,
    })
    .describe('Custom audience name (found by exact name, created if missing, never deleted)'),
  idTypes: z
    .array(z.enum(ID_TYPES as [IdType, ...IdType[]]))
    .min(1)
    .default(['EMAIL', 'PHONE'])
    .describe('User id types sent (EMAIL matches best)'),
  defaultRegion: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'a region is a two-letter country code')
    .transform((r) => r.toUpperCase())
    .default('US')
    .describe('Country of phone numbers written without a country code'),
  mode: z
    .enum(['mirror', 'add-only'])
    .default('mirror')
    .describe('mirror: add and remove; add-only: never remove'),
  batchSize: z
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(DEFAULT_BATCH_SIZE)
    .describe('Rows per mapping request'),
  dryRun: z.boolean().default(false).describe('Print the plan and send nothing'),
  allowEmpty: z
    .boolean()
    .default(false)
    .describe(
      'Let a mirror sync empty the audience when the query yields no valid identifier (refused otherwise)',
    ),
  columns: z
    .record(z.string(), z.string())
    .default({})
    .describe('Source column for an identifier field, e.g. {"email": "Email Address"}'),
});

export type AudienceSyncInput = z.input<typeof audienceSyncSchema>;
export type AudienceSyncOptions = z.output<typeof audienceSyncSchema>;

/** Raised for settings a user must fix before anything is sent. */
export class InvalidAudienceSettings extends TtadsError {
  override name = 'InvalidAudienceSettings';
  constructor(message: string) {
    super(message, { code: 'invalid_audience_settings', kind: 'fix_input' });
  }
}

/** Validates sync settings; the error lists every problem with the setting it concerns. */
export function parseAudienceSyncOptions(input: AudienceSyncInput): AudienceSyncOptions {
  const parsed = audienceSyncSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`);
  throw new InvalidAudienceSettings(`Invalid audience settings: ${problems.join('; ')}`);
}

/** The words of the `invalid_input` workflow action, as for any step whose every row was rejected. */
function allRejected(rowsRead: number, rejected: Record<string, number>): string {
  const reasons = Object.entries(rejected)
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${reason}: ${n}`)
    .join(', ');
  return `All ${rowsRead} rows were rejected${reasons ? ` (${reasons})` : ''}.`;
}

/**
 * A mirror sync whose source gave no valid identifier would remove every member: almost always a broken
 * query or column mapping, so it is refused before anything is sent (unless `allowEmpty`).
 */
export class EmptyAudienceRefused extends TtadsError {
  override name = 'EmptyAudienceRefusedError';
  constructor(
    readonly rowsRead: number,
    readonly rejected: Record<string, number>,
    /** The refused run, recorded with its report (and rejects file) when the sync stored one. */
    readonly runId?: string,
  ) {
    // In a workflow, every row rejected is the `invalid_input` action; its detail offers the run's rejects.
    super(
      `The source gave ${rowsRead} rows and no valid identifier; a mirror sync would remove every member of the audience.`,
      {
        code: 'empty_audience_refused',
        kind: 'fix_input',
        action: 'invalid_input',
        actionDetail: allRejected(rowsRead, rejected),
        hint: 'Check the source, the column mapping (--map) and the id types; pass allowEmpty (--allow-empty) to empty the audience on purpose.',
        details: { rowsRead, rejected, ...(runId ? { runId } : {}) },
      },
    );
  }
}
