import { TtadsError } from '../errors.js';
/** What went wrong while reading a source; callers branch on this, users read the message. */
export type SourceErrorCode =
  | 'invalid_source'
  | 'file_not_found'
  | 'unreadable'
  | 'column_missing'
  | 'sql_error'
  | 'connection_failed'
  | 'outside_source_roots'
  | 'not_one_select';

/** A failure to read customer or event data, with a message that names the file, column or query at fault. */
export class SourceError extends TtadsError {
  override readonly name = 'SourceError';
  declare readonly code: SourceErrorCode;

  constructor(code: SourceErrorCode, message: string, options?: { cause?: unknown }) {
    // The message may quote what DuckDB read (a file's lines): business users get less, see publicMessage.
    super(message, {
      code,
      kind: 'fix_input',
      publicMessage: 'The source could not be read.',
      cause: options?.cause,
    });
  }
}

/** The words every refusal of a query that is not exactly one read-only SELECT starts with. */
export const NOT_ONE_SELECT = 'a source query is one SELECT statement';

/**
 * A source query that is not exactly one SELECT (several statements, COPY, ATTACH, DDL...) or that calls a
 * function with side effects. Refused before anything runs, wherever the query came from.
 */
export class NotOneSelectError extends SourceError {
  constructor(detail: string, options?: { cause?: unknown }) {
    super('not_one_select', `${NOT_ONE_SELECT} (or a file path or glob): ${detail}`, options);
  }
}

/** The first line of an engine error: DuckDB appends a caret diagram and long hint lists after it. */
export function firstLine(message: string): string {
  const line = message.split('\n', 1)[0] ?? message;
  return line.trim();
}

/**
 * Classifies a DuckDB error by the category prefix of its message ("IO Error: ...",
 * "Binder Error: ..."), which is the only structured information the binding exposes.
 */
export function duckErrorCode(message: string): SourceErrorCode {
  // DuckDB raises permission errors only when its file access is confined (see DuckOptions.sourceRoots).
  if (/^Permission Error/i.test(message)) return 'outside_source_roots';
  if (/^IO Error: No files found/i.test(message)) return 'file_not_found';
  if (/^IO Error: (Cannot open file|Could not open)/i.test(message) && /No such file/i.test(message)) {
    return 'file_not_found';
  }
  if (/^(IO|Invalid Input|Conversion) Error/i.test(message)) return 'unreadable';
  return 'sql_error';
}

/**
 * Wraps a DuckDB failure as a SourceError. `subject` names what was being read (a file path or
 * "SQL source") so that the message says which input failed even when DuckDB's own text does not.
 */
export function fromDuckError(error: unknown, subject: string): SourceError {
  if (error instanceof SourceError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = duckErrorCode(message);
  if (code === 'outside_source_roots') return outsideRootsError(error);
  const verb = code === 'sql_error' ? 'Query failed for' : 'Cannot read';
  return new SourceError(code, `${verb} ${subject}: ${firstLine(message)}`, { cause: error });
}

/**
 * The error of a source that reads outside the directories DuckDB was confined to, saying which setting
 * widens them. `roots` (the configured source roots) are named when known: the Duck wrapper adds them to
 * errors raised without them (see openDuck).
 */
export function outsideRootsError(error: unknown, roots?: readonly string[]): SourceError {
  const duckError =
    error instanceof SourceError && error.code === 'outside_source_roots' ? error.cause : error;
  const message = duckError instanceof Error ? duckError.message : String(duckError);
  const setting = roots && roots.length > 0 ? `TTADS_SOURCE_ROOTS: ${roots.join(':')}` : 'TTADS_SOURCE_ROOTS';
  return new SourceError(
    'outside_source_roots',
    `Source query reads outside the allowed source directories (${setting}): ${firstLine(message)}`,
    { cause: duckError },
  );
}

/** `error` as the outside-roots error naming `roots` when it is one (raised by DuckDB or not), else unchanged. */
export function withSourceRoots(error: unknown, roots: readonly string[]): unknown {
  if (error instanceof SourceError)
    return error.code === 'outside_source_roots' ? outsideRootsError(error, roots) : error;
  const message = error instanceof Error ? error.message : String(error);
  return duckErrorCode(message) === 'outside_source_roots' ? outsideRootsError(error, roots) : error;
}
