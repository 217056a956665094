import { parentPort, workerData } from 'node:worker_threads';
import { hashColumn, type WireChunk, type WireColumn } from './hash-columns.js';
import { phoneRegion } from './phone.js';
import {
  transferList,
  unpackAt,
  type HashReply,
  type HashRequest,
  type WorkerSettings,
} from './pool-protocol.js';
import type { IdType } from './types.js';

// Entry point of a hashing worker thread (started by pool.ts); hashes packed columns on request.
const settings = workerData as WorkerSettings;
const region = phoneRegion(settings.defaultRegion);
const port = parentPort;

function hashRequest(request: HashRequest): WireChunk {
  const columns: Partial<Record<IdType, WireColumn>> = {};
  for (const type of settings.idTypes) {
    const packed = request.columns[type];
    columns[type] = hashColumn(
      type,
      request.rows,
      (row) => (packed ? unpackAt(packed, row) : undefined),
      region,
    );
  }
  return { rows: request.rows, columns };
}

port?.on('message', (request: HashRequest) => {
  let reply: HashReply;
  try {
    const chunk = hashRequest(request);
    port.postMessage({ id: request.id, chunk } satisfies HashReply, transferList(chunk));
    return;
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
