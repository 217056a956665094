import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import type { BlobStore } from './blob-store.js';

/** Bytes per `blob_chunks` row: big enough that a 700 MB snapshot is ~90 round trips, small enough to buffer. */
export const BLOB_CHUNK_BYTES = 8 * 1024 * 1024;

/**
 * Blobs in PostgreSQL (tables `blobs` and `blob_chunks`, bytea), shared by every process on the database.
 * A blob is written in one transaction, so it appears whole or not at all; it is read inside one
 * repeatable-read transaction, so a blob deleted meanwhile is still read whole.
 */
export class PostgresBlobs implements BlobStore {
  readonly kind = 'postgres';

  constructor(
    private readonly pool: pg.Pool,
    private readonly chunkBytes = BLOB_CHUNK_BYTES,
  ) {}

  name(...parts: string[]): string {
    return parts.join('/');
  }

  async putFile(name: string, file: string): Promise<void> {
    const handle = await open(file, 'r');
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      await client.query('DELETE FROM blobs WHERE name = $1', [name]);
      await client.query('INSERT INTO blobs (name, size, chunks) VALUES ($1, 0, 0)', [name]);
      let size = 0;
      let seq = 0;
      // Two buffers: the next chunk is read from disk while the previous one travels to PostgreSQL.
      const buffers = [Buffer.allocUnsafe(this.chunkBytes), Buffer.allocUnsafe(this.chunkBytes)];
      let read = await readFull(handle, buffers[0]!);
      while (read > 0) {
        const current = buffers[seq % 2]!.subarray(0, read);
        const [, next] = await Promise.all([
          client.query('INSERT INTO blob_chunks (name, seq, data) VALUES ($1, $2, $3)', [name, seq, current]),
          readFull(handle, buffers[(seq + 1) % 2]!),
        ]);
        size += read;
        seq += 1;
        read = next;
      }
      await client.query('UPDATE blobs SET size = $2, chunks = $3 WHERE name = $1', [name, size, seq]);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch((e: Error) => (broken = e));
      throw err;
    } finally {
      client.release(broken);
      await handle.close();
    }
    await rm(file, { force: true });
  }

  async fetchFile(name: string, scratchFile: string): Promise<string | undefined> {
    const stream = await this.openStream(name);
    if (!stream) return undefined;
    await mkdir(dirname(scratchFile), { recursive: true });
    const tmp = `${scratchFile}.part`;
    await pipeline(stream, createWriteStream(tmp));
    await rename(tmp, scratchFile);
    return scratchFile;
  }

  async openStream(name: string): Promise<Readable | undefined> {
    const client = await this.pool.connect();
    let released = false;
    const release = (err?: Error): void => {
      if (released) return;
      released = true;
      client.release(err);
    };
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const meta = await client.query<{ chunks: number }>('SELECT chunks FROM blobs WHERE name = $1', [name]);
      const chunks = meta.rows[0]?.chunks;
      if (chunks === undefined) {
        await client.query('ROLLBACK');
        release();
        return undefined;
      }
      async function* read(): AsyncGenerator<Buffer> {
        try {
          for (let seq = 0; seq < chunks!; seq++) {
            const row = await client.query<{ data: Buffer }>(
              'SELECT data FROM blob_chunks WHERE name = $1 AND seq = $2',
              [name, seq],
            );
            const data = row.rows[0]?.data;
            if (!data) throw new Error(`blob ${name} lacks its chunk ${seq}`);
            yield data;
          }
          await client.query('COMMIT');
          release();
        } finally {
          // Stopped early (the reader went away or a query failed): the connection's state is unknown.
          release(new Error('blob read stopped'));
        }
      }
      return Readable.from(read(), { objectMode: false });
    } catch (err) {
      release(err as Error);
      throw err;
    }
  }

  async exists(name: string): Promise<boolean> {
    const { rows } = await this.pool.query('SELECT 1 FROM blobs WHERE name = $1', [name]);
    return rows.length > 0;
  }

  async delete(...names: (string | null | undefined)[]): Promise<void> {
    const list = names.filter((n): n is string => !!n);
    if (list.length) await this.pool.query('DELETE FROM blobs WHERE name = ANY($1)', [list]);
  }
}

/** Reads until `buffer` is full or the file ends; returns the bytes read. */
async function readFull(handle: import('node:fs/promises').FileHandle, buffer: Buffer): Promise<number> {
  let filled = 0;
  while (filled < buffer.length) {
    const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled;
}
