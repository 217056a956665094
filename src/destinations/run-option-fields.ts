import { z } from 'zod';

/** Country of phone numbers written without a country code: a run option of both TikTok destinations. */
export const defaultRegion = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2}$/, 'a region is a two-letter country code, e.g. US')
  .transform((r) => r.toUpperCase())
  .describe('Country of phone numbers written without a country code (default US)');
