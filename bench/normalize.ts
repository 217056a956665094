/**
 * Speed of the normalise-and-hash stage of the audience sync (buildDesiredPairs, all inside DuckDB):
 * generates customer CSVs (emails + US phones in mixed layouts, ~2% invalid, some blanks, a few
 * extensions and foreign numbers that take the JavaScript UDF) with DuckDB, then times each size in
 * its own child process so that its peak RSS is its own.
 *
 *   npx tsx bench/normalize.ts [rows ...]        default: 1000000 10000000
 *   npx tsx bench/normalize.ts generate <rows> <file.csv>   only write the customer file
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDesiredPairs } from '../src/audiences/normalize-sql.js';
import { hashUdfCalls } from '../src/audiences/normalize-udf.js';
import { sqlString } from '../src/sources/index.js';
import { openDuck, sourceRelationSql } from '../src/sources/index.js';

const THREADS = 2;
// DuckDB's budget (as the audience sync opens it by default); beyond it the temp tables spill to disk.
// Peak RSS is this plus DuckDB's allocations outside its buffer pool and Node itself.
const MEMORY_LIMIT = process.env.BENCH_MEMORY_LIMIT ?? '448MB';

const AREA_CODES = ['206', '212', '213', '305', '312', '404', '415', '512', '617', '702', '713', '718'];

/** One row per customer; `k` and `j` are independent pseudo-random numbers of the row. */
const CUSTOMERS_SQL = (rows: number) => `
  WITH r AS (SELECT i, hash(i) AS k, hash(i * 7 + 3) AS j FROM range(${rows}) t(i)),
  p AS (SELECT *, ${sqlString(AREA_CODES.join(''))} AS codes,
      (200 + (j >> 16) % 800)::VARCHAR AS exch, lpad(((j >> 32) % 10000)::VARCHAR, 4, '0') AS line FROM r),
  q AS (SELECT *, substr(codes, 1 + 3 * ((j >> 8) % 12)::INTEGER, 3) AS area FROM p)
  SELECT
    CASE WHEN k % 100 = 0 THEN 'customer' || i || '.example.com'
      WHEN k % 100 = 1 THEN ''
      WHEN k % 100 < 6 THEN '  Customer.' || i || '@Example.COM '
      ELSE 'customer.' || i || '@' || ['gmail.com', 'yahoo.com', 'outlook.com', 'example.org'][1 + ((k >> 8) % 4)::INTEGER]
    END AS email,
    CASE WHEN j % 200 = 0 THEN '555-' || line
      WHEN j % 200 = 1 THEN '(000) ' || exch || '-' || line
      WHEN j % 200 < 4 THEN ''
      WHEN j % 200 = 4 THEN '(' || area || ') ' || exch || '-' || line || ' ext. ' || (j % 97)
      WHEN j % 200 = 5 THEN '+44 20 7946 ' || line
      ELSE CASE (j >> 40) % 6
        WHEN 0 THEN '(' || area || ') ' || exch || '-' || line
        WHEN 1 THEN area || '-' || exch || '-' || line
        WHEN 2 THEN area || '.' || exch || '.' || line
        WHEN 3 THEN '+1 ' || area || ' ' || exch || ' ' || line
        WHEN 4 THEN '1' || area || exch || line
        ELSE '+1' || area || exch || line END
    END AS phone
  FROM q`;

async function writeCsv(path: string, rows: number): Promise<void> {
  const duck = await openDuck({ threads: THREADS, memoryLimit: MEMORY_LIMIT });
  try {
    await duck.run(`COPY (${CUSTOMERS_SQL(rows)}) TO ${sqlString(path)} (HEADER)`);
  } finally {
    duck.close();
  }
}

/** Child process: one buildDesiredPairs run over `path`; prints one JSON line. */
async function measure(path: string): Promise<void> {
  const duck = await openDuck({ threads: THREADS, memoryLimit: MEMORY_LIMIT });
  const started = performance.now();
  const cpu = process.cpuUsage();
  const stats = await buildDesiredPairs(duck.connection, {
    relationSql: sourceRelationSql({ kind: 'file', path, format: 'csv' }),
    columns: { email: 'email', phone: 'phone' },
    idTypes: ['EMAIL', 'PHONE'],
    defaultRegion: 'US',
  });
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const memory = await duck.run(
    `SELECT tag, round(memory_usage_bytes / 1e6) AS mb, round(temporary_storage_bytes / 1e6) AS spilled_mb
     FROM duckdb_memory() WHERE memory_usage_bytes + temporary_storage_bytes > 10e6`,
  );
  const pairs = Number((await duck.run('SELECT count(*) AS n FROM desired_pairs'))[0]?.n ?? 0);
  duck.close();
  console.log(
    JSON.stringify({
      rows: stats.rowsRead,
      seconds: +seconds.toFixed(2),
      rowsPerSecond: Math.round(stats.rowsRead / seconds),
      // CPU of both DuckDB threads and Node: on a machine shared with other work, wall time exceeds cpu / 2.
      cpuSeconds: +((used.user + used.system) / 1e6).toFixed(2),
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      duckMemory: memory.map(
        (m) => `${m.tag as string} ${Number(m.mb)} MB (+${Number(m.spilled_mb)} MB spilled)`,
      ),
      pairs,
      udfRows: hashUdfCalls.rows,
      stats,
    }),
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === 'measure' && args[1]) return measure(args[1]);
  if (args[0] === 'generate' && args[1] && args[2]) return writeCsv(args[2], Number(args[1]));
  const sizes = args.length ? args.map(Number) : [1_000_000, 10_000_000];
  const dir = mkdtempSync(join(tmpdir(), 'ttads-bench-normalize-'));
  console.log(
    `buildDesiredPairs, EMAIL+PHONE, region US; DuckDB threads ${THREADS}, memory_limit ${MEMORY_LIMIT}`,
  );
  try {
    for (const rows of sizes) {
      const csv = join(dir, `customers-${rows}.csv`);
      const generating = performance.now();
      await writeCsv(csv, rows);
      console.log(`generated ${rows} rows in ${((performance.now() - generating) / 1000).toFixed(1)} s`);
      const self = fileURLToPath(import.meta.url);
      const out = execFileSync(process.execPath, [...process.execArgv, self, 'measure', csv], {
        encoding: 'utf8',
      });
      const r = JSON.parse(out.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
      console.log(
        `${String(r.rows).padStart(9)} rows ${String(r.seconds).padStart(7)} s ${String(r.rowsPerSecond).padStart(9)} rows/s` +
          `  cpu ${String(r.cpuSeconds)} s  peak RSS ${String(r.peakRssMB)} MB  pairs ${String(r.pairs)}  UDF rows ${String(r.udfRows)}`,
      );
      console.log(`  DuckDB memory after: ${(r.duckMemory as string[]).join(', ')}`);
      console.log(`  ${JSON.stringify(r.stats)}`);
      rmSync(csv, { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
