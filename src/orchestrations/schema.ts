import { z } from 'zod';
import { USER_ID_TYPES } from '../config/index.js';
import { parseSourceArg, SourceError } from '../sources/index.js';
import { scheduleSchema } from './schedule.js';

/** Checks the shape of a `--source` string without reading it (pg: is checked with a placeholder URL). */
export function sourceQueryProblem(text: string): string | undefined {
  try {
    parseSourceArg(text, { databaseUrl: 'postgres://placeholder' });
    return undefined;
  } catch (err) {
    if (err instanceof SourceError) return err.message;
    throw err;
  }
}

/** A source text in the forms `--source` takes, checked for shape (not read). */
export const sourceText = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `the ${what} is empty`)
    .superRefine((text, ctx) => {
      const problem = sourceQueryProblem(text);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });

const name = z.string().trim().min(1).max(200);
const description = z.string().trim().max(2000).default('').describe('What it is for');
const settingsObject = z.record(z.string(), z.unknown());

/** Input of an orchestration: a source query sent to a destination through one of its data templates. */
export const orchestrationInputSchema = z.strictObject({
  name: name.describe('Name of the orchestration, unique, e.g. "Repeat buyers to TikTok"'),
  description,
  sourceQuery: sourceText('source query').describe(
    'The data sent, as `ttads audience --source` takes it: a file path or glob (.csv, .tsv, .parquet, .json, ' +
      ".jsonl), DuckDB SQL over files (SELECT ... FROM 'customers.parquet'), or pg:<query> on the database " +
      'named by SOURCE_DATABASE_URL',
  ),
  destinationId: z.string().min(1).describe('The destination the data is sent to'),
  templateId: z.string().min(1).describe('A data template of that destination'),
  schedule: scheduleSchema
    .nullable()
    .default(null)
    .describe('When it runs: a cron expression in a time zone, or null to run only on demand'),
  overrides: settingsObject
    .default({})
    .describe(
      'Settings of the destination plugin that override the data template and destination for this ' +
        'orchestration, e.g. {"eventSetId": "7654321098765432109"}, or for web events the pixel code: ' +
        '{"eventSource": "web", "eventSetId": "CEMULATORPIXEL0000001"}',
    ),
  options: settingsObject
    .default({})
    .describe(
      'How the source is read: audiences {mode, defaultRegion, batchSize, columns}; offline events ' +
        '{defaultRegion, timeZone, fixedEvent, limitedDataUse, testEventCode}',
    ),
  skipUnchanged: z
    .boolean()
    .default(false)
    .describe(
      'Skip a scheduled run when the source has not changed since the last successful run (files: size and ' +
        'modification time of each matched file; queries: row count and a hash of the result)',
    ),
});

export type OrchestrationInput = z.input<typeof orchestrationInputSchema>;
/** Input of an update: any field; `overrides`/`options`, when given, replace them whole. */
export type OrchestrationPatch = Partial<OrchestrationInput>;

/** Whether a control-group percentage has at most two decimals (the group is drawn in 1/10,000ths). */
function hundredths(value: number): boolean {
  return Math.abs(value * 100 - Math.round(value * 100)) < 1e-9;
}

/** Keys a campaign once took, or that a caller may try, for a query: answered with what to do instead. */
const QUERY_KEYS = ['audienceQuery', 'sourceQuery', 'source', 'query'];

/** The message of an unknown key of a campaign input: a source query is refused by name, anything else as usual. */
export function unknownCampaignKey(issue: { code?: string; keys?: string[] }): string | undefined {
  if (issue.code !== 'unrecognized_keys' || !issue.keys?.some((k) => QUERY_KEYS.includes(k)))
    return undefined;
  return (
    'a campaign takes a segment (segmentId), never a source query: admins define segments ' +
    '(/api/segments) and send raw queries with orchestrations'
  );
}

/**
 * Input of a campaign: a segment sent to a data template offered to campaigns. No field takes SQL or a file
 * path (the segment's source is the admins'); a source query is refused with a message saying so.
 */
export const campaignInputSchema = z.strictObject(
  {
    name: name.describe('Name of the campaign, unique, e.g. "Spring sale - lapsed buyers"'),
    description,
    segmentId: z
      .string()
      .trim()
      .min(1, 'choose a segment')
      .describe('The segment sent (GET /api/segments; business users: one opened to them)'),
    templateId: z
      .string()
      .min(1)
      .describe('A data template offered to campaigns (custom audiences only); its destination is used'),
    idTypes: z
      .array(z.enum(USER_ID_TYPES))
      .min(1, 'choose at least one user ID type')
      .refine((t) => new Set(t).size === t.length, 'a user ID type is listed twice')
      .nullable()
      .default(null)
      .describe("User ID types sent; null: the segment's default types, else EMAIL and PHONE"),
    audienceName: z
      .string()
      .trim()
      .min(1)
      .max(400)
      .nullable()
      .default(null)
      .describe("Custom audience name for this campaign; null uses the data template's"),
    schedule: scheduleSchema
      .nullable()
      .default(null)
      .describe('Recurring: a cron expression in a time zone; null: a one-time campaign, sent when run'),
    controlGroupPercent: z
      .number()
      .min(0)
      .max(50)
      .refine(hundredths, 'at most two decimals, e.g. 12.5')
      .default(0)
      .describe(
        'Share of the audience held out as a control group (0 to 50): never sent, recorded so that lift can be measured',
      ),
    controlGroupSeed: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .regex(/^[\w.-]+$/, 'letters, digits, "_", "-" and "." only')
      .optional()
      .describe(
        'Seed of the control group draw; the same seed holds out the same people (generated when absent)',
      ),
    controlGroupKey: z
      .string()
      .trim()
      .min(1)
      .nullable()
      .default(null)
      .describe(
        'Column that identifies a person for the control group draw (e.g. customer_id); null: the normalised ' +
          'email, else the phone digits',
      ),
    options: settingsObject
      .default({})
      .describe(
        "How the audience is read: {mode, defaultRegion, batchSize, columns}; columns add to the segment's mapping",
      ),
  },
  { error: unknownCampaignKey },
);

export type CampaignInput = z.input<typeof campaignInputSchema>;
export type CampaignPatch = Partial<CampaignInput>;
