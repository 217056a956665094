import type { Queryable } from '../store/store.js';
import { RunnableNotFound } from './errors.js';
import type { Schedule } from './schedule.js';

/** What orchestrations and campaigns ("runnables") have in common once stored. */
export interface RunnableRecord {
  id: string;
  name: string;
  /** Null: not scheduled (on demand, or a one-time campaign). */
  schedule: Schedule | null;
}

/** The kinds of runnable, as workflows, schedules and errors name them. */
export type RunnableKindName = 'orchestration' | 'campaign';

/** A column a save writes: its name, its value taken from the user-set fields, and a cast when JSON. */
export type WrittenColumn<V> = readonly [column: string, value: (values: V) => unknown, cast?: 'jsonb'];

/**
 * How one kind of runnable is stored, declared for the shared repository below. Table and column names are
 * constants of the code, never input; every value is a query parameter.
 */
export interface RunnableTable<R extends RunnableRecord, V, F, Row> {
  kind: RunnableKindName;
  table: 'orchestrations' | 'campaigns';
  /** The SELECT list. */
  columns: string;
  fromRow(row: Row): R;
  /** The user-set columns a save writes (id, created_at and updated_at are the repository's). */
  writes: readonly WrittenColumn<V>[];
  /** Filters of a list: each an SQL expression compared with the filter's value, and that value's type. */
  filters: { [K in keyof F]-?: readonly [sql: string, type: 'text' | 'boolean'] };
}

/** A table of any kind, for code that treats them alike (schedules). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRunnableTable = RunnableTable<RunnableRecord, any, { scheduled?: boolean }, any>;

/** One runnable. @throws RunnableNotFound */
export async function getRunnable<R extends RunnableRecord, V, F, Row>(
  t: RunnableTable<R, V, F, Row>,
  db: Queryable,
  id: string,
): Promise<R> {
  const row = await db.queryOne<Row>(`SELECT ${t.columns} FROM ${t.table} WHERE id = $1`, [id]);
  if (!row) throw new RunnableNotFound(t.kind, id);
  return t.fromRow(row);
}

/** Runnables by name, filtered by the table's filters (an absent filter matches everything). */
export async function listRunnables<R extends RunnableRecord, V, F, Row>(
  t: RunnableTable<R, V, F, Row>,
  db: Queryable,
  filter: F,
): Promise<R[]> {
  const entries = Object.entries(t.filters) as [keyof F, readonly [string, string]][];
  const where = entries.map(([, [sql, type]], i) => `($${i + 1}::${type} IS NULL OR ${sql} = $${i + 1})`);
  const rows = await db.query<Row>(
    `SELECT ${t.columns} FROM ${t.table} WHERE ${where.join(' AND ')} ORDER BY name, id`,
    entries.map(([key]) => filter[key] ?? null),
  );
  return rows.map((row) => t.fromRow(row));
}

/** Inserts or replaces the user-set fields of a runnable; whatever else its row holds is kept. */
export async function saveRunnableRow<R extends RunnableRecord, V, F, Row>(
  t: RunnableTable<R, V, F, Row>,
  db: Queryable,
  id: string,
  values: V,
  now: Date,
): Promise<R> {
  const names = t.writes.map(([column]) => column);
  const params = t.writes.map(([, , cast], i) => `$${i + 2}${cast ? `::${cast}` : ''}`);
  const at = `$${t.writes.length + 2}`;
  const row = await db.queryOne<Row>(
    `INSERT INTO ${t.table} (id, ${names.join(', ')}, created_at, updated_at)
     VALUES ($1, ${params.join(', ')}, ${at}, ${at})
     ON CONFLICT (id) DO UPDATE SET ${names.map((n) => `${n} = EXCLUDED.${n}`).join(', ')},
       updated_at = EXCLUDED.updated_at
     RETURNING ${t.columns}`,
    [id, ...t.writes.map(([, value]) => value(values)), now],
  );
  return t.fromRow(row!);
}

/** Whether another runnable of the kind already has this name. */
export async function runnableNameTaken(
  t: Pick<AnyRunnableTable, 'table'>,
  db: Queryable,
  name: string,
  exceptId = '',
): Promise<boolean> {
  const row = await db.queryOne(`SELECT id FROM ${t.table} WHERE name = $1 AND id <> $2`, [name, exceptId]);
  return row !== undefined;
}

/** Deletes a runnable (its workflows, and a campaign's recorded control groups, stay). @throws RunnableNotFound */
export async function deleteRunnableRow(
  t: Pick<AnyRunnableTable, 'kind' | 'table'>,
  db: Queryable,
  id: string,
): Promise<void> {
  const row = await db.queryOne(`DELETE FROM ${t.table} WHERE id = $1 RETURNING id`, [id]);
  if (!row) throw new RunnableNotFound(t.kind, id);
}

/** The schedule stored in a row's two columns. */
export function scheduleOf(row: {
  schedule_cron: string | null;
  schedule_timezone: string | null;
}): Schedule | null {
  return row.schedule_cron !== null
    ? { cron: row.schedule_cron, timezone: row.schedule_timezone ?? 'UTC' }
    : null;
}
