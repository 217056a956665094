import { z } from 'zod';
import { USER_ID_TYPES } from '../config/index.js';
import { IDENTIFIER_FIELDS } from '../sources/index.js';
import { sourceText } from './schema.js';

/**
 * Input of a segment: an audience an admin defines once (its source, how its columns map to identifiers, the
 * user ID types it sends by default) and campaigns pick by id. Business users never see the source.
 */
export const segmentInputSchema = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1)
    .max(240)
    .describe('Name of the segment, unique, shown to business users, e.g. "Lapsed buyers (12 months)"'),
  description: z
    .string()
    .trim()
    .max(2000)
    .default('')
    .describe('Who is in it, shown to business users with the name'),
  sourceQuery: sourceText('source query').describe(
    'The people in the segment, as `ttads audience --source` takes it: a file path or glob (.csv, .tsv, ' +
      ".parquet, .json, .jsonl), DuckDB SQL over files (SELECT ... FROM 'customers.parquet'), or pg:<query> " +
      'on the database named by SOURCE_DATABASE_URL. Admins only: never shown to business users',
  ),
  columns: z
    .partialRecord(z.enum(IDENTIFIER_FIELDS), z.string().trim().min(1))
    .default({})
    .describe(
      'Source column of an identifier field when its name is not a usual one, e.g. {"email": "Email Address"}',
    ),
  idTypes: z
    .array(z.enum(USER_ID_TYPES))
    .min(1, 'choose at least one user ID type')
    .refine((t) => new Set(t).size === t.length, 'a user ID type is listed twice')
    .nullable()
    .default(null)
    .describe(
      'User ID types campaigns of this segment send unless they choose their own; null: EMAIL and PHONE',
    ),
  openToBusinessUsers: z
    .boolean()
    .default(false)
    .describe('Business users see it (name and description), preview it (hashes only) and pick it'),
});

export type SegmentInput = z.input<typeof segmentInputSchema>;
/** Input of an update: any field; `columns` and `idTypes`, when given, replace them whole. */
export type SegmentPatch = Partial<SegmentInput>;
