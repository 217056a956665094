import { z } from 'zod';
import { ValidationError, type DestinationPlugin } from '../config/index.js';
import { segmentSettings, withSegmentColumns, type AppControlDeps } from '../orchestrations/index.js';
import { previewRun, previewTarget, type PreviewInput, type RunPreview } from '../orchestrations/preview.js';
import type { Queryable } from '../store/store.js';
import { PreviewGate } from './preview-gate.js';
import { HttpError, type Caller, type RouteSpec, route } from './routes.js';
import { visibleSegment } from './segment-routes.js';
import { templateOpenToBusinessUsers } from './template-routes.js';
import { nameApiSchema } from './openapi.js';

/** What the preview route needs (`ttads serve` passes its control-route deps). */
export interface PreviewRouteDeps {
  control: AppControlDeps;
  /** Database of `pg:` sources (`ttads serve` reads the SOURCE_DATABASE_URL environment variable). */
  sourceDatabaseUrl?: string;
  /** Directories DuckDB sources may read (the `sourceRoots` setting); unset: DuckDB reads anything. */
  sourceRoots?: readonly string[] | undefined;
  /** How long one statement of a `pg:` source may run (capped shorter for previews). */
  sourceStatementTimeoutMs?: number | undefined;
  /** The server's preview limits (default: 2 at once, 30 s each). */
  gate?: PreviewGate;
}

const json = z.record(z.string(), z.unknown());

const previewBody = z.strictObject({
  sourceQuery: z
    .string()
    .trim()
    .min(1, 'the source query is empty')
    .optional()
    .describe(
      "Admins: the source as an orchestration's sourceQuery (a file path or glob, DuckDB SQL over files, or " +
        'pg:<query>); give it or segmentId',
    ),
  segmentId: z
    .string()
    .trim()
    .min(1)
    .optional()
    .describe(
      'A segment (business users: one opened to them), read with its column mapping and default id types',
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
nameApiSchema(previewBody, 'PreviewRequest');

/** Whether a preview failed on its source (previewRun names `sourceQuery` then). */
function isSourceIssue(err: unknown): boolean {
  return err instanceof ValidationError && err.issues.some((i) => i.path.startsWith('sourceQuery'));
}

const reject = z.object({ field: z.string(), reason: z.string(), message: z.string() });
nameApiSchema(reject, 'PreviewReject');
const previewView = z.object({
  kind: z.string().describe("The destination's kind of run, e.g. audience or events"),
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
nameApiSchema(previewView, 'Preview');
nameApiSchema(previewView.shape.rows.element, 'PreviewRow');

/**
 * A business user's preview: the columns, the hashes and the reasons, not the raw values: what a segment
 * reads is for the admins to see. An event (`sent` of an events preview) carries raw values (amounts, order
 * ids, addresses), so it is left out too.
 */
function withoutRawValues(preview: RunPreview, rawSent: boolean): RunPreview {
  return {
    ...preview,
    rows: preview.rows.map((r) => ({
      ...r,
      input: Object.fromEntries(Object.keys(r.input).map((k) => [k, null])),
      ...(rawSent ? { sent: null } : {}),
    })),
    note: `${preview.note} Raw values are shown to admins only.`,
  };
}

/**
 * What to read: a source query (admins only) or a segment, with the segment's column mapping under the
 * body's and its default id types as the settings layer below the overrides.
 */
async function previewSource(
  db: Queryable,
  caller: Caller | undefined,
  body: z.output<typeof previewBody>,
  plugin: DestinationPlugin,
): Promise<PreviewInput> {
  const { segmentId, sourceQuery, ...rest } = body;
  if ((segmentId === undefined) === (sourceQuery === undefined))
    throw new HttpError(400, 'Invalid request: body: give either segmentId or sourceQuery');
  if (sourceQuery !== undefined) {
    if (caller?.role !== 'admin')
      throw new HttpError(403, 'Business users preview segments (segmentId), never a source query.');
    return { ...rest, sourceQuery };
  }
  const segment = await visibleSegment(db, caller, segmentId ?? '');
  return {
    ...rest,
    sourceQuery: segment.sourceQuery,
    options: withSegmentColumns(rest.options ?? {}, segment),
    // The segment's settings layer (its default id types) holds only settings of the plugin, if any.
    segment: Object.fromEntries(
      Object.entries(segmentSettings(segment)).filter(([key]) => key in plugin.fields),
    ),
  };
}

/**
 * `POST /api/preview`: the first rows a source query or segment returns and how a run of a data template
 * would send them. Admins; business users preview segments opened to them on templates opened to them
 * (others answer 404, as if they did not exist), with hashes and reasons only; a segment that cannot be read
 * is told them without the engine's text (it may name files or values; admins see it, and it is logged under
 * the answer's reference). At most `gate.concurrency` previews run at once (one more answers 429), each stopped
 * after `gate.timeoutMs` (504).
 */
export function previewRoutes(deps: PreviewRouteDeps): RouteSpec[] {
  const { db, now } = deps.control;
  const gate = deps.gate ?? new PreviewGate();
  return [
    route({
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
        if (
          caller?.role !== 'admin' &&
          !templateOpenToBusinessUsers(deps.control.plugins, target.destination, target.template)
        )
          throw new HttpError(404, `data template ${body.templateId} does not exist`);
        const plugin = deps.control.plugins.plugin(target.destination.plugin);
        const input = await previewSource(db, caller, body, plugin);
        const preview = await gate
          .run((signal) =>
            previewRun(
              {
                db,
                plugins: deps.control.plugins,
                signal,
                ...(now ? { now } : {}),
                ...(deps.sourceDatabaseUrl ? { sourceDatabaseUrl: deps.sourceDatabaseUrl } : {}),
                ...(deps.sourceRoots ? { sourceRoots: deps.sourceRoots } : {}),
                ...(deps.sourceStatementTimeoutMs
                  ? { sourceStatementTimeoutMs: deps.sourceStatementTimeoutMs }
                  : {}),
              },
              target,
              input,
            ),
          )
          .catch((err: unknown) => {
            if (body.segmentId === undefined || !isSourceIssue(err)) throw err;
            // Admins read the engine's text; business users the public message and a reference to the log.
            throw new HttpError(
              400,
              `Invalid request: body.segmentId: ${(err as Error).message}`,
              undefined,
              'Invalid request: body.segmentId: the segment cannot be read now; ask an admin.',
            );
          });
        return caller?.role === 'admin' ? preview : withoutRawValues(preview, plugin.previewSendsRawValues);
      },
    }),
  ];
}
