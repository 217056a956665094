import { open, readdir, stat, truncate, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlString } from '../sources/index.js';

const LOG = /^acknowledged-(.+)\.log$/;

/**
 * Moves the lines of earlier runs' logs (`acknowledged-<runId>.log` in `dir`) into the `acknowledged` table,
 * then deletes them. A log cut short by a crash loses only its unfinished last line.
 */
export async function foldLogs(connection: DuckDBConnection, dir: string): Promise<void> {
  for (const name of (await readdir(dir)).sort()) {
    const match = LOG.exec(name);
    if (!match) continue;
    const file = join(dir, name);
    await truncate(file, await completeLength(file));
    if ((await stat(file)).size > 0) {
      await connection.run(
        `INSERT INTO acknowledged (event_source_id, event_id, event, event_time, run_id)
         SELECT s, i, e, t, ${sqlString(match[1]!)} FROM read_csv(${sqlString(file)}, delim = '\t', header = false,
           quote = '', escape = '', auto_detect = false,
           columns = {'s': 'VARCHAR', 'i': 'VARCHAR', 'e': 'VARCHAR', 't': 'BIGINT'})`,
      );
    }
    // Deleted after its rows are committed: a crash in between folds it twice, which only repeats keys.
    await unlink(file);
  }
}

/** Length of the file up to and including its last line break. */
async function completeLength(file: string): Promise<number> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const chunk = Buffer.alloc(4096);
    for (let end = size; end > 0;) {
      const start = Math.max(0, end - chunk.length);
      const { bytesRead } = await handle.read(chunk, 0, end - start, start);
      const at = chunk.subarray(0, bytesRead).lastIndexOf(0x0a);
      if (at >= 0) return start + at + 1;
      end = start;
    }
    return 0;
  } finally {
    await handle.close();
  }
}
