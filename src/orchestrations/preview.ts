import {
  getDestination,
  getTemplate,
  resolveSettings,
  ValidationError,
  type DataTemplate,
  type Destination,
  type PartialSettings,
} from '../config/index.js';
import type { DestinationRegistry } from '../destinations/index.js';
import {
  copyFirstRows,
  openDuck,
  DEFAULT_SOURCE_STATEMENT_TIMEOUT_MS,
  sourceAccess,
  SourceError,
  sourceLabel,
  type Cell,
} from '../sources/index.js';
import type { Queryable } from '../store/store.js';
import type { OrchestrationDeps } from './deps.js';
import { parseRunOptions } from './run-options.js';
import { resolutionIssues } from './settings-check.js';
import { parseRunSource } from './step-support.js';

/** What a preview needs: the store, and how `pg:` sources reach their database. */
export type PreviewDeps = Pick<
  OrchestrationDeps,
  'sourceDatabaseUrl' | 'sourceRoots' | 'sourceStatementTimeoutMs' | 'now'
> & {
  db: Queryable;
  plugins: DestinationRegistry;
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
  /** The destination's kind of run, e.g. `audience` or `events`. */
  kind: string;
  columns: string[];
  rows: PreviewRow[];
  note: string;
}

/** The data template and its destination. @throws NotFoundError */
export async function previewTarget(
  db: Queryable,
  templateId: string,
): Promise<{ destination: Destination; template: DataTemplate }> {
  const template = await getTemplate(db, templateId);
  return { destination: await getDestination(db, template.destinationId), template };
}

/** A source that cannot be read as the issue of the field to fix (the destination names its own). */
function asValidation(err: unknown): unknown {
  if (err instanceof SourceError)
    return new ValidationError([{ path: 'sourceQuery', message: err.message }], { cause: err });
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
  const plugin = deps.plugins.plugin(destination.plugin);
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
      const preview = await plugin.preview({
        columns: first.columns,
        rows: first.rows,
        table: first.table,
        duck,
        settings: resolution.settings,
        options,
        sourceLabel: sourceLabel(source),
        nowMs: (deps.now ?? Date.now)(),
      });
      return {
        kind: plugin.report.runKind,
        columns: first.columns,
        rows: rows.map((r, i) => ({ ...r, ...(preview.rows[i] ?? { sent: null, rejects: [] }) })),
        note: preview.note,
      };
    } finally {
      deps.signal?.removeEventListener('abort', interrupt);
      duck.close();
    }
  } catch (err) {
    throw asValidation(err);
  }
}
