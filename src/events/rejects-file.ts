import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { dirname } from 'node:path';
import { csvLine } from '../sources/index.js';

/**
 * The rejects CSV: `row,reason,field,message` then the row's cells under the source's own column names,
 * one line per broken rule. It holds the rows as they are in the source (personal data included), which
 * is what a user needs to fix them, so it is only written where the user asked for it. Every cell, the
 * header's included, is neutralised (csvLine): a cell starting like a formula gets a leading `'`.
 */
export class RejectsFile {
  private lines = 0;

  private constructor(
    readonly path: string,
    private readonly out: WriteStream,
  ) {}

  static async open(path: string, columns: readonly string[]): Promise<RejectsFile> {
    mkdirSync(dirname(path), { recursive: true });
    const out = createWriteStream(path, { encoding: 'utf8' });
    await once(out, 'open');
    const file = new RejectsFile(path, out);
    file.out.write(`${csvLine(['row', 'reason', 'field', 'message', ...columns])}\n`);
    return file;
  }

  /** Lines written so far (header excluded). */
  get count(): number {
    return this.lines;
  }

  /** Writes one reject; `cells` are the row's values in column order. Call drained() now and then. */
  writeLine(
    row: number,
    reject: { reason: string; field: string; message: string },
    cells: readonly (string | null | undefined)[],
  ): void {
    this.lines += 1;
    this.out.write(`${csvLine([row, reject.reason, reject.field, reject.message, ...cells])}\n`);
  }

  /** Resolves once the stream can take more (at once unless the disk lags behind). */
  async drained(): Promise<void> {
    if (this.out.writableNeedDrain) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    this.out.end();
    await once(this.out, 'finish');
  }
}
