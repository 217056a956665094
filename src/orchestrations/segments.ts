import {
  ConflictError,
  DEFAULT_USER_ID_TYPES,
  ValidationError,
  type PartialSettings,
} from '../config/index.js';
import { definedOnly, parseInput } from '../config/validate.js';
import type { Queryable } from '../store/store.js';
import { clock, newRunnableId, type RunnableStoreDeps } from './deps.js';
import { RunnableNotFound } from './errors.js';
import { segmentInputSchema, type SegmentInput, type SegmentPatch } from './segment-schema.js';
import {
  campaignsOfSegment,
  deleteSegmentRow,
  getSegment,
  saveSegmentRow,
  segmentNameTaken,
  type Segment,
  type SegmentValues,
} from './segments-repo.js';

/** Segments name no destination: saving one needs no plugins. */
type SegmentStoreDeps = Omit<RunnableStoreDeps, 'plugins'>;

export { getSegment, listSegments, type Segment } from './segments-repo.js';

async function save(deps: SegmentStoreDeps, id: string, input: unknown): Promise<Segment> {
  const parsed = parseInput(segmentInputSchema, input);
  const values: SegmentValues = parsed;
  if (await segmentNameTaken(deps.db, values.name, id)) {
    throw new ConflictError('a segment with this name already exists', 'name');
  }
  const saved = await saveSegmentRow(deps.db, id, values, new Date(clock(deps)()));
  // The source text is the admins' to see; the log names the segment only.
  deps.logger?.info({ segmentId: id, open: saved.openToBusinessUsers }, 'segment saved');
  return saved;
}

/**
 * Validates and saves a new segment: its source in a form `--source` takes (checked for shape, not read),
 * column mapping keyed by identifier field, default user ID types (or null), not opened to business users
 * unless asked. @throws ValidationError, ConflictError (name taken)
 */
export function createSegment(deps: SegmentStoreDeps, input: SegmentInput): Promise<Segment> {
  return save(deps, newRunnableId('seg'), input);
}

/** Changes a segment with the checks of {@link createSegment}; its campaigns send the new definition. */
export async function updateSegment(
  deps: SegmentStoreDeps,
  id: string,
  patch: SegmentPatch,
): Promise<Segment> {
  const current = await getSegment(deps.db, id);
  const base: SegmentInput = {
    name: current.name,
    description: current.description,
    sourceQuery: current.sourceQuery,
    columns: current.columns,
    idTypes: current.idTypes,
    openToBusinessUsers: current.openToBusinessUsers,
  };
  return save(deps, id, { ...base, ...definedOnly(patch) });
}

/**
 * Deletes a segment no campaign sends. @throws RunnableNotFound, ConflictError naming the campaigns that
 * send it (change or delete them first)
 */
export async function deleteSegment(deps: SegmentStoreDeps, id: string): Promise<void> {
  await getSegment(deps.db, id);
  const campaigns = await campaignsOfSegment(deps.db, id);
  if (campaigns.length > 0) {
    throw new ConflictError(
      `the segment is sent by ${campaigns.length} campaign(s): ${campaigns.join(', ')}; change or delete them first`,
    );
  }
  await deleteSegmentRow(deps.db, id);
  deps.logger?.info({ segmentId: id }, 'segment deleted');
}

/**
 * The settings layer of a segment in a campaign's resolution (between the data template and the campaign):
 * its default user ID types, else the campaign default, EMAIL and PHONE ("campaigns send EMAIL and PHONE by
 * default", whatever the template says).
 */
export function segmentSettings(segment: Pick<Segment, 'idTypes'>): PartialSettings {
  return { userIdTypes: segment.idTypes ?? [...DEFAULT_USER_ID_TYPES] };
}

/** A campaign's run options with the segment's column mapping under the campaign's own `columns`. */
export function withSegmentColumns(
  options: Record<string, unknown>,
  segment: Pick<Segment, 'columns'>,
): Record<string, unknown> {
  const own = (options.columns ?? {}) as Record<string, string>;
  const columns = { ...segment.columns, ...own };
  return Object.keys(columns).length > 0 ? { ...options, columns } : options;
}

/**
 * The segment a campaign names, or a ValidationError on `segmentId` (a campaign input names it there).
 * `openOnly`: a segment not opened to business users is answered as missing (a business user's campaign).
 */
export async function segmentOfCampaign(
  db: Queryable,
  segmentId: string,
  opts: { openOnly?: boolean } = {},
): Promise<Segment> {
  const missing = new ValidationError([
    { path: 'segmentId', message: `segment ${segmentId} does not exist` },
  ]);
  try {
    const segment = await getSegment(db, segmentId);
    if (opts.openOnly && !segment.openToBusinessUsers) throw missing;
    return segment;
  } catch (err) {
    if (err instanceof RunnableNotFound) throw missing;
    throw err;
  }
}
