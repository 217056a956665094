import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import {
  checkedRelationSql,
  checkSourceQuery,
  streamPostgres,
  sourceAccess,
  withDuck,
  type Duck,
  type FileSource,
  type SourceSpec,
} from '../sources/index.js';
import { isGlob } from '../sources/spec.js';
import type { RunSettings } from './run-settings.js';

/*
 * Fingerprints tell whether a source changed since the last successful run, cheaply:
 * - files (a path or a glob): the path, size and modification time of every matched file; nothing is read;
 * - DuckDB SQL over files: the row count, the XOR and the sum of DuckDB's hash() of every row, computed in one
 *   pass inside DuckDB. XOR and sum are order-free, so a query without ORDER BY fingerprints the same; the sum
 *   keeps two identical rows added at once from cancelling out as they would in the XOR alone. hash() may
 *   change between DuckDB versions: an upgrade costs one run that was not needed, never a skipped one;
 * - PostgreSQL queries: the same in PostgreSQL, with md5 of each row's text form.
 * A change of any of these values, or of the run's settings, makes the next scheduled run go ahead.
 */

/** JSON with object keys sorted at every level: a snapshot read back from jsonb has its keys reordered. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

async function matchedFiles(duck: Duck, source: FileSource): Promise<string[]> {
  if (!isGlob(source.path)) return [source.path];
  const rows = await duck.run('SELECT file FROM glob($1) ORDER BY file', [source.path]);
  return rows.map((r) => (typeof r.file === 'string' ? r.file : ''));
}

async function filesFingerprint(duck: Duck, source: FileSource): Promise<string> {
  const entries: [string, number, number][] = [];
  for (const file of await matchedFiles(duck, source)) {
    const info = await stat(file);
    entries.push([file, info.size, info.mtimeMs]);
  }
  return `files:${sha256(JSON.stringify(entries))}`;
}

async function duckQueryFingerprint(duck: Duck, source: Exclude<SourceSpec, FileSource>): Promise<string> {
  if (source.kind !== 'sql') throw new Error('not a DuckDB source');
  const rows = await duck.run(
    `SELECT count(*)::VARCHAR AS n, coalesce(bit_xor(hash(src)), 0)::VARCHAR AS x,
            coalesce(sum(hash(src)::HUGEINT), 0)::VARCHAR AS s
     FROM ${await checkedRelationSql(source)} AS src`,
  );
  // Every value is cast to VARCHAR in the query: HUGEINT sums do not fit a JS number.
  const r = rows[0] ?? {};
  const text = (v: unknown): string => (typeof v === 'string' ? v : '');
  return `duckdb:${sha256(`${text(r.n)}:${text(r.x)}:${text(r.s)}`)}`;
}

async function postgresFingerprint(source: Extract<SourceSpec, { kind: 'postgres' }>): Promise<string> {
  // Checked before it is wrapped, so that a statement of another kind is named as such.
  await checkSourceQuery(source.query, 'postgres');
  const query = `SELECT count(*)::text AS n, coalesce(bit_xor(h), 0)::text AS x, coalesce(sum(h::numeric), 0)::text AS s
    FROM (SELECT ('x' || substr(md5(src::text), 1, 16))::bit(64)::bigint AS h
          FROM (${source.query.trim().replace(/;\s*$/, '')}\n) AS src) AS hashed`;
  let values = '';
  for await (const chunk of streamPostgres({ ...source, query })) {
    values = ['n', 'x', 's'].map((c) => chunk.columns[c]?.[0] ?? '').join(':');
  }
  return `pg:${sha256(values)}`;
}

/** A fingerprint of a source's current data (see the notes at the top of this file). */
export async function sourceFingerprint(
  source: SourceSpec,
  sourceRoots?: readonly string[],
): Promise<string> {
  if (source.kind === 'postgres') return postgresFingerprint(source);
  return withDuck(
    (duck) => (source.kind === 'file' ? filesFingerprint(duck, source) : duckQueryFingerprint(duck, source)),
    { memoryLimit: '256MB', ...sourceAccess(sourceRoots) },
  );
}

/**
 * The fingerprint a run is compared by: the source's, and what the run would do with it (query, resolved
 * settings, options), so that a changed audience name or mapping is never skipped as "unchanged".
 */
export function runFingerprint(settings: RunSettings, sourceFp: string): string {
  return sha256(
    canonicalJson([
      sourceFp,
      settings.source,
      settings.plugin,
      settings.destinationId,
      settings.templateId,
      settings.settings,
      settings.options,
    ]),
  );
}
