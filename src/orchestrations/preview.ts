import { ZodError } from 'zod';
import { InvalidAudienceSettings } from '../audiences/options.js';
import { previewAudienceRows } from '../audiences/preview.js';
import {
  getDestination,
  getTemplate,
  resolveSettings,
  ValidationError,
  type CustomAudienceSettings,
  type DataTemplate,
  type Destination,
  type OfflineEventSettings,
  type PartialSettings,
} from '../config/index.js';
import { toFieldIssues } from '../config/validate.js';
import { parseEventSettings, previewEvents, type EventsPreview } from '../events/index.js';
import {
  copyFirstRows,
  openDuck,
  DEFAULT_SOURCE_STATEMENT_TIMEOUT_MS,
  sourceAccess,
  SourceError,
  sourceLabel,
  type Cell,
  type SourceSpec,
} from '../sources/index.js';
import type { Queryable } from '../store/store.js';
import { audienceSyncOptionsOf } from './audience-step.js';
import type { OrchestrationDeps } from './deps.js';
import { eventSettingsOf } from './events-step.js';
import { parseRunOptions } from './run-options.js';
import { resolutionIssues } from './settings-check.js';
import { parseRunSource } from './step-support.js';

/** What a preview needs: the store, and how `pg:` sources reach their database. */
export type PreviewDeps = Pick<
  OrchestrationDeps,
  'sourceDatabaseUrl' | 'sourceRoots' | 'sourceStatementTimeoutMs' | 'now'
> & {
  db: Queryable;
  /** Stops the preview: its DuckDB query is interrupted (the server's preview time limit). */
  signal?: AbortSignal;
};

/** The longest a preview lets one statement of a `pg:` source run: someone is waiting for the answer. */
export const PREVIEW_STATEMENT_TIMEOUT_MS = 30_000;

/** What to preview: an orchestration's (or campaign's) source, data template and options, unsaved. */
export interface PreviewInput {
  sourceQuery: string;
  /** Run options as an orchestration's `options`. */
  options?: Record<string, unknown> | undefined;
  /** Settings overriding the template's and destination's, as an orchestration's `overrides`. */
  overrides?: PartialSettings | undefined;
  /** A segment's settings layer (below `overrides`), when the source is a segment's. */
  segment?: PartialSettings | undefined;
  /** Source rows read, 1 to 50. */
  limit: number;
}

/** One previewed source row. */
export interface PreviewRow {
  row: number;
  /** The source's columns as read (text, as the engines receive them). */
  input: Record<string, Cell>;
  sent: Record<string, unknown> | null;
  rejects: { field: string; reason: string; message: string }[];
  /** Events only: the source rows that make the event this row is part of. */
  eventRows?: number[];
  /** Events only: the event source and its id (pixel code or offline event set id) the event goes to. */
  target?: { eventSource: string; eventSourceId: string };
}

/** The first rows of a source and how a run would send them. */
export interface RunPreview {
  kind: 'audience' | 'events';
  columns: string[];
  rows: PreviewRow[];
  note: string;
}

const AUDIENCE_NOTE =
  'Identifiers are normalised and SHA-256 hashed on this server before they are sent; raw values never leave it.';
const EVENTS_NOTE =
  'Emails and phone numbers are normalised and SHA-256 hashed on this server before they are sent; events ' +
  'dated more than 28 days ago or in the future are refused, rows sharing an event_id are sent as one event ' +
  '(eventRows lists them; an order continuing past the previewed rows shows only its rows read here), and an ' +
  'event TikTok already acknowledged is not sent again (the preview does not check the journal).';

/** The data template and its destination. @throws NotFoundError */
export async function previewTarget(
  db: Queryable,
  templateId: string,
): Promise<{ destination: Destination; template: DataTemplate }> {
  const template = await getTemplate(db, templateId);
  return { destination: await getDestination(db, template.destinationId), template };
}

/** A source that cannot be read, or a setting the engine refuses, as the issue of the field to fix. */
function asValidation(err: unknown, plugin: Destination['plugin']): unknown {
  if (err instanceof SourceError)
    return new ValidationError([{ path: 'sourceQuery', message: err.message }], { cause: err });
  if (err instanceof InvalidAudienceSettings)
    return new ValidationError([{ path: 'templateId', message: err.message }]);
  if (err instanceof ZodError) {
    return new ValidationError(
      plugin === 'tiktok_offline_events' ? toFieldIssues(err, 'options') : toFieldIssues(err, 'templateId'),
    );
  }
  return err;
}

/**
 * Reads the first `limit` rows of a source (the limit is in the source's query: nothing more is read) and
 * shows how a run of the data template would send each: settings resolved from destination, template and
 * overrides as a run resolves them, options checked as an orchestration's, then the engine's own rules
 * (audiences: identifier columns and src/identity's hashing; events: validation, grouping and mapping).
 * Nothing is sent, journaled or recorded.
 * @throws ValidationError naming `sourceQuery`, `options.*`, `overrides.*` or `templateId`
 */
export async function previewRun(
  deps: PreviewDeps,
  target: { destination: Destination; template: DataTemplate },
  input: PreviewInput,
): Promise<RunPreview> {
  const { destination, template } = target;
  const plugin = destination.plugin;
  const options = parseRunOptions(plugin, input.options ?? {});
  const resolution = resolveSettings(plugin, destination, template, input.overrides ?? {}, input.segment);
  const issues = resolutionIssues(resolution, 'overrides');
  if (issues.length > 0 || !resolution.ok) throw new ValidationError(issues);
  try {
    const timeout = Math.min(
      deps.sourceStatementTimeoutMs ?? DEFAULT_SOURCE_STATEMENT_TIMEOUT_MS,
      PREVIEW_STATEMENT_TIMEOUT_MS,
    );
    const source = parseRunSource({ ...deps, sourceStatementTimeoutMs: timeout }, input.sourceQuery);
    const duck = await openDuck({ memoryLimit: '256MB', threads: 2, ...sourceAccess(deps.sourceRoots) });
    // Interrupting the connection ends the running statement at once; the next one would see the signal.
    const interrupt = () => duck.connection.interrupt();
    deps.signal?.addEventListener('abort', interrupt, { once: true });
    try {
      deps.signal?.throwIfAborted();
      const first = await copyFirstRows(source, duck, input.limit);
      deps.signal?.throwIfAborted();
      const rows = first.rows.map((values, i) => ({ row: i + 1, input: values }));
      if (plugin === 'tiktok_custom_audiences') {
        const sync = audienceSyncOptionsOf(resolution.settings as CustomAudienceSettings, options);
        const preview = previewAudienceRows(first.columns, first.rows, {
          idTypes: sync.idTypes,
          defaultRegion: sync.defaultRegion,
          columns: sync.columns,
          source: sourceLabel(source),
        });
        return {
          kind: 'audience',
          columns: first.columns,
          rows: rows.map((r, i) => ({
            ...r,
            sent: preview.rows[i]?.sent ?? null,
            rejects: preview.rows[i]?.rejects ?? [],
          })),
          note: AUDIENCE_NOTE,
        };
      }
      const settings = parseEventSettings(
        eventSettingsOf(resolution.settings as OfflineEventSettings, options),
      );
      const copy: SourceSpec = { kind: 'sql', query: `SELECT * FROM ${first.table}` };
      const preview = await previewEvents(copy, duck, settings, {
        nowMs: (deps.now ?? Date.now)(),
        label: sourceLabel(source),
      });
      return { kind: 'events', columns: first.columns, rows: eventRows(rows, preview), note: EVENTS_NOTE };
    } finally {
      deps.signal?.removeEventListener('abort', interrupt);
      duck.close();
    }
  } catch (err) {
    throw asValidation(err, plugin);
  }
}

function eventRows(
  rows: { row: number; input: Record<string, Cell> }[],
  preview: EventsPreview,
): PreviewRow[] {
  const byRow = new Map(preview.rows.map((r) => [r.row, r]));
  return rows.map((r) => {
    const found = byRow.get(r.row);
    return {
      ...r,
      sent: (found?.sent as unknown as Record<string, unknown> | null | undefined) ?? null,
      rejects: found?.rejects ?? [],
      eventRows: found?.eventRows ?? [],
      ...(found?.target ? { target: found.target } : {}),
    };
  });
}
