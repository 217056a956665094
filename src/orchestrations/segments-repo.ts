import type { UserIdType } from '../config/index.js';
import type { Queryable } from '../store/store.js';
import { RunnableNotFound } from './errors.js';

/** A stored segment: the audience campaigns send, defined by an admin. */
export interface Segment {
  id: string;
  name: string;
  description: string;
  /** The source as `--source` takes it; admins only. */
  sourceQuery: string;
  /** Identifier field -> source column. */
  columns: Record<string, string>;
  /** Default user ID types of its campaigns; null: EMAIL and PHONE. */
  idTypes: UserIdType[] | null;
  openToBusinessUsers: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** The fields an admin sets. */
export type SegmentValues = Omit<Segment, 'id' | 'createdAt' | 'updatedAt'>;

interface Row {
  id: string;
  name: string;
  description: string;
  source_query: string;
  columns: Record<string, string>;
  id_types: UserIdType[] | null;
  open_to_business_users: boolean;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS =
  'id, name, description, source_query, columns, id_types, open_to_business_users, created_at, updated_at';

function toSegment(row: Row): Segment {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    sourceQuery: row.source_query,
    columns: row.columns,
    idTypes: row.id_types,
    openToBusinessUsers: row.open_to_business_users,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** One segment. @throws RunnableNotFound */
export async function getSegment(db: Queryable, id: string): Promise<Segment> {
  const row = await db.queryOne<Row>(`SELECT ${COLUMNS} FROM segments WHERE id = $1`, [id]);
  if (!row) throw new RunnableNotFound('segment', id);
  return toSegment(row);
}

/** Segments by name; `openOnly`: those opened to business users. */
export async function listSegments(db: Queryable, filter: { openOnly?: boolean } = {}): Promise<Segment[]> {
  const rows = await db.query<Row>(
    `SELECT ${COLUMNS} FROM segments WHERE ($1::boolean IS NOT TRUE OR open_to_business_users)
     ORDER BY name, id`,
    [filter.openOnly ?? false],
  );
  return rows.map(toSegment);
}

/** Inserts or replaces a segment. */
export async function saveSegmentRow(
  db: Queryable,
  id: string,
  v: SegmentValues,
  now: Date,
): Promise<Segment> {
  const row = await db.queryOne<Row>(
    `INSERT INTO segments (id, name, description, source_query, columns, id_types, open_to_business_users,
       created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8, $8)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description,
       source_query = EXCLUDED.source_query, columns = EXCLUDED.columns, id_types = EXCLUDED.id_types,
       open_to_business_users = EXCLUDED.open_to_business_users, updated_at = EXCLUDED.updated_at
     RETURNING ${COLUMNS}`,
    [
      id,
      v.name,
      v.description,
      v.sourceQuery,
      JSON.stringify(v.columns),
      v.idTypes === null ? null : JSON.stringify(v.idTypes),
      v.openToBusinessUsers,
      now,
    ],
  );
  return toSegment(row!);
}

/** Whether another segment already has this name. */
export async function segmentNameTaken(db: Queryable, name: string, exceptId = ''): Promise<boolean> {
  const row = await db.queryOne('SELECT id FROM segments WHERE name = $1 AND id <> $2', [name, exceptId]);
  return row !== undefined;
}

/** The names of the campaigns that send a segment. */
export async function campaignsOfSegment(db: Queryable, id: string): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    'SELECT name FROM campaigns WHERE segment_id = $1 ORDER BY name',
    [id],
  );
  return rows.map((r) => r.name);
}

/** Deletes a segment. @throws RunnableNotFound */
export async function deleteSegmentRow(db: Queryable, id: string): Promise<void> {
  const row = await db.queryOne('DELETE FROM segments WHERE id = $1 RETURNING id', [id]);
  if (!row) throw new RunnableNotFound('segment', id);
}
