import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  columnRows,
  fromWire,
  hashColumnsWire,
  type HashedChunk,
  type IdentityColumns,
} from './hash-columns.js';
import { ROW_FIELD } from './id-types.js';
import { mergeChunks } from './merge-chunks.js';
import { phoneRegion } from './phone.js';
import {
  packColumn,
  type HashReply,
  type HashRequest,
  type PackedColumn,
  type WorkerSettings,
} from './pool-protocol.js';
import type { IdType } from './types.js';

/** Options of {@link createHashPool}. */
export interface HashPoolOptions {
  /** Worker threads; default: the machine's available parallelism. */
  readonly threads?: number;
  /** Region for phone numbers without a country code, e.g. 'US'. */
  readonly defaultRegion: string;
  /** Identifier columns to hash. */
  readonly idTypes: readonly IdType[];
  /** Chunks with fewer rows are hashed in the calling thread (default 20,000). */
  readonly inlineBelow?: number;
}

/** Hashes identifier columns on worker threads; close it when done. */
export interface HashPool {
  readonly threads: number;
  /** Hashes a chunk, split across all threads when large. Same results as hashing inline. */
  hashChunk(columns: IdentityColumns): Promise<HashedChunk>;
  /** Stops the workers; pending chunks are rejected. */
  close(): Promise<void>;
}

interface Task {
  readonly request: HashRequest;
  readonly resolve: (chunk: HashedChunk) => void;
  readonly reject: (error: Error) => void;
}

// The worker module sits next to this one: .ts under tsx/vitest, .js once compiled. TypeScript
// sources need tsx's loader registered inside the worker thread itself (a `--import` flag in
// execArgv is not honoured by every runner), so a tiny bootstrap registers it, then imports.
function workerLaunch(): { source: string | URL; evaluate: boolean } {
  const here = fileURLToPath(import.meta.url);
  const extension = extname(here);
  const file = join(dirname(here), `pool-worker${extension}`);
  if (extension !== '.ts') return { source: file, evaluate: false };
  const tsxRoot = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsxApi = pathToFileURL(join(tsxRoot, 'dist/esm/api/index.mjs')).href;
  const bootstrap =
    `import(${JSON.stringify(tsxApi)})` +
    `.then((api) => { api.register(); return import(${JSON.stringify(pathToFileURL(file).href)}); })`;
  return { source: bootstrap, evaluate: true };
}

/**
 * Starts a pool of hashing worker threads (lazily, on the first large chunk). Phone parsing is
 * CPU-bound, so large audiences hash on every core while the main thread keeps reading rows.
 * @throws Error for an unknown default region or no identifier type.
 */
export function createHashPool(options: HashPoolOptions): HashPool {
  const region = phoneRegion(options.defaultRegion);
  if (options.idTypes.length === 0) throw new Error('createHashPool: no identifier type to hash');
  const threads = Math.max(1, Math.floor(options.threads ?? availableParallelism()));
  const inlineBelow = options.inlineBelow ?? 20_000;
  const settings: WorkerSettings = { defaultRegion: region.code, idTypes: [...options.idTypes] };
  const workers = new Set<Worker>();
  const idle: Worker[] = [];
  const busy = new Map<Worker, Task>();
  const queue: Task[] = [];
  let nextId = 0;
  let closed = false;

  // A crashed worker fails only its own task; later tasks start a replacement.
  const fail = (worker: Worker, error: Error) => {
    if (!workers.delete(worker)) return;
    const task = busy.get(worker);
    busy.delete(worker);
    const at = idle.indexOf(worker);
    if (at >= 0) idle.splice(at, 1);
    task?.reject(error);
    void worker.terminate();
    dispatch();
  };

  const spawn = () => {
    const { source, evaluate } = workerLaunch();
    const worker = new Worker(source, { workerData: settings, eval: evaluate });
    workers.add(worker);
    worker.on('message', (reply: HashReply) => {
      const task = busy.get(worker);
      busy.delete(worker);
      idle.push(worker);
      worker.unref(); // an idle pool must not keep the process alive
      if (task && 'error' in reply) task.reject(new Error(`hash worker: ${reply.error}`));
      else if (task && 'chunk' in reply) task.resolve(fromWire(reply.chunk));
      dispatch();
    });
    worker.on('error', (error) => fail(worker, error));
    worker.on('exit', (code) => fail(worker, new Error(`hash worker exited with code ${code}`)));
    idle.push(worker);
  };

  function dispatch(): void {
    while (queue.length > 0 && !closed) {
      if (idle.length === 0 && workers.size < threads) spawn();
      const worker = idle.pop();
      const task = worker && queue.shift();
      if (!worker || !task) return;
      busy.set(worker, task);
      worker.ref();
      const buffers = Object.values(task.request.columns).map(
        (c: PackedColumn) => c.ends.buffer as ArrayBuffer,
      );
      worker.postMessage(task.request, buffers);
    }
  }

  const submit = (columns: IdentityColumns, start: number, end: number) =>
    new Promise<HashedChunk>((resolve, reject) => {
      const packed: Partial<Record<IdType, PackedColumn>> = {};
      for (const type of settings.idTypes) packed[type] = packColumn(columns[ROW_FIELD[type]], start, end);
      queue.push({ request: { id: nextId++, rows: end - start, columns: packed }, resolve, reject });
      dispatch();
    });

  return {
    threads,
    async hashChunk(columns) {
      if (closed) throw new Error('hash pool is closed');
      const rows = columnRows(columns, settings.idTypes);
      if (rows < inlineBelow) return fromWire(hashColumnsWire(columns, settings.idTypes, region));
      const parts = Math.min(threads, Math.ceil(rows / inlineBelow));
      const size = Math.ceil(rows / parts);
      const pending: Promise<HashedChunk>[] = [];
      for (let start = 0; start < rows; start += size)
        pending.push(submit(columns, start, Math.min(rows, start + size)));
      return mergeChunks(await Promise.all(pending));
    },
    async close() {
      closed = true;
      const error = new Error('hash pool closed');
      for (const task of queue.splice(0)) task.reject(error);
      for (const task of busy.values()) task.reject(error);
      busy.clear();
      idle.length = 0;
      const stopping = [...workers];
      workers.clear();
      await Promise.all(stopping.map((worker) => worker.terminate()));
    },
  };
}
