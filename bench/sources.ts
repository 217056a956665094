/**
 * Streaming speed of customer sources: a 1M-row CSV with two string columns (email, phone) read into
 * JavaScript in several ways. Each way runs in its own child process so that its peak RSS is its own.
 *
 *   npx tsx bench/sources.ts [rows]
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { openDuck, sourceRelationSql, streamRows, type FileSource } from '../src/sources/index.js';

const METHODS = [
  'count-in-duckdb',
  'batched',
  'stream',
  'node-api-getColumns',
  'node-api-rowObjects',
] as const;
type Method = (typeof METHODS)[number];

async function writeCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  let buffer = 'email,phone\n';
  for (let i = 0; i < rows; i++) {
    buffer += `customer.${i}@example-mail.com,+1206${String(i % 10_000_000).padStart(7, '0')}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
}

/** Runs one method, sampling RSS while it works; prints one JSON line. */
async function measure(method: Method, path: string): Promise<void> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const spec: FileSource = { kind: 'file', path, format: 'csv' };
  const started = performance.now();
  let rows = 0;
  let checksum = 0;
  if (method === 'batched' || method === 'stream') {
    const duck = await openDuck();
    for await (const chunk of streamRows(spec, { duck, strategy: method })) {
      rows += chunk.rowCount;
      checksum += chunk.columns.email?.[chunk.rowCount - 1]?.length ?? 0;
    }
    duck.close();
  } else {
    const instance = await DuckDBInstance.create(':memory:', { threads: '2', memory_limit: '512MB' });
    const con = await instance.connect();
    const sql = `SELECT email, phone FROM ${sourceRelationSql(spec)}`;
    if (method === 'count-in-duckdb') {
      rows = Number((await con.runAndReadAll(`SELECT count(*) FROM (${sql})`)).getRows()[0]?.[0]);
    } else if (method === 'node-api-getColumns') {
      const columns = (await con.runAndReadAll(sql)).getColumns();
      rows = columns[0]?.length ?? 0;
    } else {
      for await (const batch of (await con.stream(sql)).yieldRowObjects()) rows += batch.length;
    }
    instance.closeSync();
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const rowsPerSecond = Math.round(rows / seconds);
  console.log(
    JSON.stringify({
      method,
      rows,
      seconds: +seconds.toFixed(2),
      rowsPerSecond,
      peakRssMB: Math.round(peak / 1e6),
      checksum,
    }),
  );
}

async function main(): Promise<void> {
  const [method, path] = process.argv.slice(2);
  if (method && path && (METHODS as readonly string[]).includes(method))
    return measure(method as Method, path);
  const rows = Number(method ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'ttads-bench-sources-'));
  try {
    const csv = join(dir, 'customers.csv');
    await writeCsv(csv, rows);
    console.log(`${rows} rows x 2 string columns (email, phone); 2 DuckDB threads, memory_limit 512MB`);
    const self = fileURLToPath(import.meta.url);
    for (const m of METHODS) {
      const line = execFileSync(process.execPath, [...process.execArgv, self, m, csv], { encoding: 'utf8' });
      const r = JSON.parse(line.trim().split('\n').pop() ?? '{}') as Record<string, number | string>;
      console.log(
        `${String(r.method).padEnd(22)} ${String(r.seconds).padStart(6)} s ${String(r.rowsPerSecond).padStart(10)} rows/s  peak RSS ${r.peakRssMB} MB`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
