import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { csvLine, neutraliseCsvStream } from '../sources/index.js';
import { blobStoreFor, rejectsBlobName } from '../store/blobs.js';
import type { RunRecord } from '../store/runs.js';
import type { Store } from '../store/store.js';
import { HttpError } from './routes.js';

/** Whether `path` is `dir` itself or below it (both absolute and normalised). */
function inside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** The folder of the data directory rejects files are written to and served from. */
export const REJECTS_FOLDER = 'rejects';

/**
 * The real path of a run's rejects file when it may be served: inside the data directory's `rejects` folder,
 * where runs write them, symbolic links resolved (a link inside pointing outside is refused too). Never another
 * file of the data directory (the secret key, the store) whatever a run record names. Undefined when the file
 * is gone.
 * @throws HttpError 404 for a file outside that folder
 */
async function servedPath(
  runId: string,
  file: string,
  dataDir: string | undefined,
): Promise<string | undefined> {
  const refused = () =>
    new HttpError(
      404,
      `The rejects file of run ${runId} is outside the data directory's ${REJECTS_FOLDER} folder, so it is ` +
        `not served; read it on the server: ${file}`,
    );
  // A relative path was written relative to the working directory, as the data directory's own may be.
  const folder = dataDir ? resolve(dataDir, REJECTS_FOLDER) : undefined;
  if (!folder || !inside(folder, resolve(file))) throw refused();
  let real: string;
  let realFolder: string;
  try {
    real = await realpath(resolve(file));
    realFolder = await realpath(folder);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  if (!inside(realFolder, real)) throw refused();
  return (await stat(real)).isFile() ? real : undefined;
}

/** Counts per reason of a report (`rejected` of an audience report, `rejected.byReason` of an events one). */
function reasonCounts(report: Record<string, unknown>): [string, number][] {
  const rejected = report.rejected as Record<string, unknown> | undefined;
  const counts = (rejected?.byReason ?? rejected ?? {}) as Record<string, unknown>;
  return Object.entries(counts).filter((e): e is [string, number] => typeof e[1] === 'number' && e[1] > 0);
}

function csvResponse(runId: string, body: ReadableStream | string): Response {
  const headers: Record<string, string> = {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="rejects-${runId.replace(/[^\w.-]/g, '_')}.csv"`,
    'cache-control': 'no-store',
  };
  return new Response(body, { headers });
}

/**
 * The rejects file a workflow run on any machine kept in the shared store (PostgreSQL), when the report names
 * a file of a `rejects` folder; a blob under `rejects/` is never another kind of file.
 */
async function sharedRejects(store: Store | undefined, file: string): Promise<Readable | undefined> {
  if (store?.engine !== 'postgres' || basename(dirname(file)) !== REJECTS_FOLDER) return undefined;
  return blobStoreFor(store, '.').openStream(rejectsBlobName(file));
}

/**
 * The rejected rows of a run as a CSV download: the run's rejects file (events runs, and audience runs that
 * kept their rejected values), streamed from the data directory; without one, `reason,count` from the
 * report. The file holds source rows as they are (personal data included): the route is for admins, and serves
 * only files of the data directory's `rejects` folder. Cells
 * starting like a formula are neutralised on the way out too (files written before the writers did it), so
 * the length is not known in advance. With PostgreSQL (`store`), the file a worker kept in the store is served.
 * @throws HttpError 404 when the run rejected nothing or its file is outside the `rejects` folder
 */
export async function rejectsDownload(
  run: RunRecord,
  dataDir: string | undefined,
  store?: Store,
): Promise<Response> {
  const report = run.report ?? {};
  const file = typeof report.rejectsFile === 'string' ? report.rejectsFile : undefined;
  if (file) {
    const shared = await sharedRejects(store, file);
    const path = shared ? undefined : await servedPath(run.id, file, dataDir);
    const bytes = shared ?? (path ? createReadStream(path) : undefined);
    if (bytes) {
      bytes.setEncoding('utf8');
      const text = Readable.toWeb(bytes) as ReadableStream<string>;
      const stream = text.pipeThrough(neutraliseCsvStream()).pipeThrough(new TextEncoderStream());
      return csvResponse(run.id, stream);
    }
  }
  const counts = reasonCounts(report);
  if (counts.length === 0)
    throw new HttpError(404, `Run ${run.id} rejected nothing: there is no rejects file.`);
  const lines = [csvLine(['reason', 'count']), ...counts.map((c) => csvLine(c))];
  return csvResponse(run.id, `${lines.join('\n')}\n`);
}
