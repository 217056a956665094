import { z } from 'zod';
import type { ControlPlaneDeps } from '../config/index.js';
import { previewRun, previewTarget } from '../orchestrations/preview.js';
import { controlRoute } from './control-errors.js';
import { PreviewGate } from './preview-gate.js';
import { HttpError, type RouteSpec } from './routes.js';
import { templateOpenToBusinessUsers } from './template-routes.js';

/** What the preview route needs (`ttads serve` passes its control-route deps). */
export interface PreviewRouteDeps {
  control: ControlPlaneDeps;
  /** Database of `pg:` sources; default the SOURCE_DATABASE_URL environment variable. */
  sourceDatabaseUrl?: string;
  /** Directories DuckDB sources may read (the `sourceRoots` setting); unset: DuckDB reads anything. */
  sourceRoots?: readonly string[] | undefined;
  /** How long one statement of a `pg:` source may run (capped shorter for previews). */
  sourceStatementTimeoutMs?: number | undefined;
  env?: Record<string, string | undefined>;
  /** The server's preview limits (default: 2 at once, 30 s each). */
  gate?: PreviewGate;
}

const json = z.record(z.string(), z.unknown());

const previewBody = z.strictObject({
  sourceQuery: z
    .string()
    .trim()
    .min(1, 'the source query is empty')
    .describe(
      "The source as an orchestration's sourceQuery: a file path or glob, DuckDB SQL over files, or pg:<query>",
    ),
  templateId: z.string().min(1).describe('The data template (and so destination) the rows would be sent to'),
  options: json
    .optional()
    .describe(
      "Run options as an orchestration's options, e.g. {defaultRegion, columns} or {timeZone, fixedEvent}",
    ),
  overrides: json
    .optional()
    .describe("Settings overriding the template's and destination's, as an orchestration's overrides"),
  limit: z.number().int().min(1).max(50).default(10).describe('Source rows read (1 to 50, default 10)'),
});

const reject = z.object({ field: z.string(), reason: z.string(), message: z.string() });
const previewView = z.object({
  kind: z.enum(['audience', 'events']),
  columns: z.array(z.string()).describe('The columns of the source, in its order'),
  rows: z.array(
    z.object({
      row: z.number().describe('1-based row number in the source'),
      input: z.record(z.string(), z.string().nullable()).describe('The source columns as read (text)'),
      sent: json
        .nullable()
        .describe(
          'audience: {"EMAIL_SHA256": "<sha256>", ...}; events: the data[] entry of event/track/; null: nothing sent',
        ),
      rejects: z.array(reject).describe('Why an identifier, the row or its event is not sent'),
      eventRows: z
        .array(z.number())
        .optional()
        .describe('Events only: the source rows that make the event of this row (an order: several)'),
      target: z
        .object({ eventSource: z.string(), eventSourceId: z.string() })
        .optional()
        .describe(
          'Events only: where the event goes, the event_source and event_source_id of its request (the pixel ' +
            'code of web events, the offline event set ID of offline ones); absent when nothing is sent',
        ),
    }),
  ),
  note: z.string().describe('What happens to the data on its way to TikTok'),
});

/**
 * A business user's preview: the columns, the hashes and the reasons, not the raw values. Their source
 * query can name any file the server reads, and what a campaign reads is for the admins to see.
 */
function withoutRawValues<T extends { rows: { input: Record<string, string | null> }[]; note: string }>(
  preview: T,
): T {
  return {
    ...preview,
    rows: preview.rows.map((r) => ({
      ...r,
      input: Object.fromEntries(Object.keys(r.input).map((k) => [k, null])),
    })),
    note: `${preview.note} Raw values are shown to admins only.`,
  };
}

/**
 * `POST /api/preview`: the first rows a source query returns and how a run of a data template would send
 * them. Admins; business users for templates opened to them (others answer 404, as if they did not exist).
 * At most `gate.concurrency` previews run at once (one more answers 429), each stopped after
 * `gate.timeoutMs` (504).
 */
export function previewRoutes(deps: PreviewRouteDeps): RouteSpec[] {
  const { db, now } = deps.control;
  const gate = deps.gate ?? new PreviewGate();
  return [
    controlRoute({
      method: 'post',
      path: '/api/preview',
      summary:
        'Preview the first rows of a source and how they would be sent (hashed identifiers, mapped events); nothing is sent',
      tag: 'preview',
      roles: ['admin', 'business_user'],
      body: previewBody,
      response: previewView,
      handler: async ({ caller, body }) => {
        const target = await previewTarget(db, body.templateId);
        if (caller?.role !== 'admin' && !templateOpenToBusinessUsers(target.destination, target.template))
          throw new HttpError(404, `data template ${body.templateId} does not exist`);
        const preview = await gate.run((signal) =>
          previewRun(
            {
              db,
              signal,
              ...(now ? { now } : {}),
              ...(deps.sourceDatabaseUrl ? { sourceDatabaseUrl: deps.sourceDatabaseUrl } : {}),
              ...(deps.sourceRoots ? { sourceRoots: deps.sourceRoots } : {}),
              ...(deps.sourceStatementTimeoutMs
                ? { sourceStatementTimeoutMs: deps.sourceStatementTimeoutMs }
                : {}),
              ...(deps.env ? { env: deps.env } : {}),
            },
            target,
            body,
          ),
        );
        return caller?.role === 'admin' ? preview : withoutRawValues(preview);
      },
    }),
  ];
}
