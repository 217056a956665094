import {
  hashIdentifier,
  ID_SCHEMA_NAME,
  ROW_FIELD,
  type IdType,
  type RejectReason,
} from '../identity/index.js';
import {
  resolveIdentifierColumns,
  type Cell,
  type ColumnMap,
  type IdentifierField,
} from '../sources/index.js';

/** Why one identifier (or the whole row) of a previewed row is not sent. */
export interface AudienceReject {
  /** The identifier field (`email`, `phone`, `idfa`, `aaid`), or `(row)` for `no_identifier`. */
  field: string;
  reason: RejectReason;
  message: string;
}

/** One source row as an audience sync would send it. */
export interface AudiencePreviewRow {
  /** 1-based row number in the source. */
  row: number;
  /** `id_schema` name (`EMAIL_SHA256`...) -> the SHA-256 hex sent; null when the row sends nothing. */
  sent: Record<string, string> | null;
  rejects: AudienceReject[];
}

export interface AudiencePreviewOptions {
  /** The chosen id types (the template's user ID types). */
  idTypes: readonly IdType[];
  /** Region of phone numbers written without a country code. */
  defaultRegion: string;
  /** Explicit field -> column choices, as the sync's `columns` option. */
  columns?: Readonly<Record<string, string>>;
  /** Names the source in error messages. */
  source?: string;
}

const MESSAGES: Record<Exclude<RejectReason, 'no_identifier'>, string> = {
  email_invalid: 'The email is neither a valid address nor a SHA-256 hash (64 hexadecimal characters).',
  phone_invalid:
    'The phone number is not a valid number (read with the default region when it has no country code) nor a SHA-256 hash.',
  maid_invalid:
    'The mobile advertising id is neither a UUID (the all-zero id of disabled tracking excluded) nor a SHA-256 hash.',
};

/**
 * How an audience sync would send each of the given source rows: the source columns are mapped to
 * identifier fields exactly as the sync maps them (common names, or `columns` overrides), and each chosen
 * identifier is normalised and hashed by src/identity, whose rules the sync's SQL reproduces (an
 * equivalence test keeps them equal). Rows are numbered from 1 in the order given.
 * @throws SourceError when an override names a missing column or no identifier column is found
 */
export function previewAudienceRows(
  columnNames: readonly string[],
  rows: readonly Record<string, Cell>[],
  opts: AudiencePreviewOptions,
): { identifierColumns: ColumnMap<IdentifierField>; rows: AudiencePreviewRow[] } {
  const identifierColumns = resolveIdentifierColumns(columnNames, {
    overrides: opts.columns ?? {},
    ...(opts.source ? { source: opts.source } : {}),
  });
  const idTypes = [...new Set(opts.idTypes)];
  const hashOptions = { defaultRegion: opts.defaultRegion };
  const noIdentifier: AudienceReject = {
    field: '(row)',
    reason: 'no_identifier',
    message: `The row has none of the chosen identifiers (${idTypes.join(', ')}): nothing is sent for it.`,
  };
  const previews = rows.map((values, index): AudiencePreviewRow => {
    const sent: Record<string, string> = {};
    const rejects: AudienceReject[] = [];
    let present = 0;
    for (const type of idTypes) {
      const field = ROW_FIELD[type];
      const column = identifierColumns[field];
      // A chosen type without a column is missing in every row, as in the sync.
      const outcome = hashIdentifier(type, column === undefined ? null : values[column], hashOptions);
      if (outcome.kind === 'missing') continue;
      present += 1;
      if (outcome.kind === 'ok') sent[ID_SCHEMA_NAME[type]] = outcome.hash;
      else if (outcome.reason !== 'no_identifier')
        rejects.push({ field, reason: outcome.reason, message: MESSAGES[outcome.reason] });
    }
    if (present === 0) rejects.push(noIdentifier);
    return { row: index + 1, sent: Object.keys(sent).length > 0 ? sent : null, rejects };
  });
  return { identifierColumns, rows: previews };
}
