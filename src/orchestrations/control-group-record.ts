import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  checkedRelationSql,
  sourceAccess,
  sqlString,
  streamPostgres,
  withDuck,
  type Duck,
  type PostgresSource,
  type SourceSpec,
} from '../sources/index.js';
import type { Queryable } from '../store/store.js';
import {
  heldOutHashSql,
  inControlSql,
  relationOf,
  sourceControlKey,
  type ControlGroupSpec,
  type ControlKey,
  type Dialect,
} from './control-group.js';
import { saveControlGroup, type ControlGroupRecord } from './control-group-repo.js';

function keyedSql(dialect: Dialect, spec: SourceSpec, key: ControlKey, group: ControlGroupSpec): string {
  return `SELECT ${key.typeSql} AS key_type, ${key.valueSql} AS key_value, ${inControlSql(dialect, key, group)} AS held
    FROM ${relationOf(spec)} AS src`;
}

/** Loads the held-out keys of a PostgreSQL source into a DuckDB table `held` and returns the row counts. */
async function stagePostgres(duck: Duck, spec: PostgresSource, key: ControlKey, group: ControlGroupSpec) {
  const keyed = keyedSql('postgres', spec, key, group);
  let audienceRows = 0;
  let heldOutRows = 0;
  for await (const chunk of streamPostgres({
    ...spec,
    query: `SELECT count(*)::text AS total, count(*) FILTER (WHERE held)::text AS held FROM (${keyed}) AS k`,
  })) {
    audienceRows = Number(chunk.columns.total?.[0] ?? 0);
    heldOutRows = Number(chunk.columns.held?.[0] ?? 0);
  }
  await duck.run('CREATE TEMP TABLE held (key_type VARCHAR, key_value VARCHAR)');
  const appender = await duck.connection.createAppender('held', 'temp');
  try {
    const query = `SELECT key_type, key_value FROM (${keyed}) AS k WHERE held`;
    for await (const chunk of streamPostgres({ ...spec, query })) {
      for (let i = 0; i < chunk.rowCount; i++) {
        appender.appendVarchar(chunk.columns.key_type?.[i] ?? '');
        appender.appendVarchar(chunk.columns.key_value?.[i] ?? '');
        appender.endRow();
      }
      appender.flushSync();
    }
  } finally {
    appender.closeSync();
  }
  return { audienceRows, heldOutRows, heldSql: 'held' };
}

async function stageDuck(
  duck: Duck,
  spec: Exclude<SourceSpec, PostgresSource>,
  key: ControlKey,
  group: ControlGroupSpec,
) {
  await checkedRelationSql(spec);
  const keyed = keyedSql('duckdb', spec, key, group);
  const [counts] = await duck.run(
    `SELECT count(*)::BIGINT AS total, count(*) FILTER (WHERE held)::BIGINT AS held FROM (${keyed}) AS k`,
  );
  return {
    audienceRows: Number(counts?.total ?? 0),
    heldOutRows: Number(counts?.held ?? 0),
    heldSql: `(SELECT key_type, key_value FROM (${keyed}) AS k WHERE held)`,
  };
}

/** Where a run's control group file goes. */
export function controlGroupPath(dataDir: string, campaignId: string, workflowId: string): string {
  return join(dataDir, 'campaigns', campaignId, `control-group-${workflowId}.parquet`);
}

/**
 * Draws the control group of one campaign run and records it: counts in `campaign_holdouts`, the held-out
 * identifiers' SHA-256 in a Parquet file under the data directory. Safe to repeat (the file and row are replaced).
 */
export async function recordControlGroup(
  db: Queryable,
  input: {
    dataDir: string;
    workflowId: string;
    campaignId: string;
    source: SourceSpec;
    group: ControlGroupSpec;
    columns?: Record<string, string>;
    /** Directories the source may read (the `sourceRoots` setting); unset: DuckDB reads anything. */
    sourceRoots?: readonly string[] | undefined;
  },
): Promise<ControlGroupRecord> {
  const { source, group } = input;
  const key = await sourceControlKey(source, group, input.columns, input.sourceRoots);
  const path = controlGroupPath(input.dataDir, input.campaignId, input.workflowId);
  await mkdir(dirname(path), { recursive: true });
  const partial = `${path}.partial`;
  const drawn = await withDuck(
    async (duck) => {
      const staged =
        source.kind === 'postgres'
          ? await stagePostgres(duck, source, key, group)
          : await stageDuck(duck, source, key, group);
      await duck.run(
        `COPY (SELECT DISTINCT key_type, ${heldOutHashSql('key_type', 'key_value')} AS id_hash
             FROM ${staged.heldSql} AS h ORDER BY key_type, id_hash)
       TO ${sqlString(partial)} (FORMAT parquet)`,
      );
      const [files] = await duck.run(`SELECT count(*)::BIGINT AS n FROM read_parquet(${sqlString(partial)})`);
      return { ...staged, heldOutIdentifiers: Number(files?.n ?? 0) };
    },
    // The control group file is written in the campaign's directory (not the whole data directory).
    { memoryLimit: '256MB', ...sourceAccess(input.sourceRoots, { directories: [dirname(path)] }) },
  ).catch(async (err: unknown) => {
    await rm(partial, { force: true });
    throw err;
  });
  await rename(partial, path);
  const record: ControlGroupRecord = {
    workflowId: input.workflowId,
    campaignId: input.campaignId,
    percent: group.percent,
    seed: group.seed,
    keyColumn: group.keyColumn,
    keyColumns: key.columns,
    audienceRows: drawn.audienceRows,
    heldOutRows: drawn.heldOutRows,
    heldOutIdentifiers: drawn.heldOutIdentifiers,
    path,
  };
  await saveControlGroup(db, record, Math.round(group.percent * 100));
  return record;
}
