import { Cron } from 'croner';
import { z } from 'zod';

/** Whether `zone` is an IANA time zone this runtime knows (e.g. `Europe/Paris`). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Why a cron expression is refused, or undefined when croner accepts it. */
export function cronProblem(expression: string): string | undefined {
  try {
    // No callback: croner only parses the pattern and schedules nothing.
    new Cron(expression);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** When a recurring orchestration or campaign runs; null on the entity means "on demand" / "one time". */
export const scheduleSchema = z
  .strictObject({
    cron: z
      .string()
      .trim()
      .min(1)
      .describe(
        'Cron expression with 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first), ' +
          'e.g. "0 6 * * *" for every day at 06:00',
      ),
    timezone: z
      .string()
      .trim()
      .default('UTC')
      .refine(isTimeZone, 'not an IANA time zone, e.g. Europe/Paris or America/New_York')
      .describe('IANA time zone the cron expression is read in (daylight-saving changes follow it)'),
  })
  .superRefine((value, ctx) => {
    const problem = cronProblem(value.cron);
    if (problem)
      ctx.addIssue({ code: 'custom', path: ['cron'], message: `invalid cron expression: ${problem}` });
  });

/** A validated schedule. */
export type Schedule = z.output<typeof scheduleSchema>;
