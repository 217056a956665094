/**
 * A third destination, for tests only: it writes the rows of a run to a CSV file under the data directory and
 * counts them. It shows what a new destination declares (settings, run options, steps, preview, report) and
 * that nothing outside its definition has to change for the API, the workflows and the web app to run it.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { partialOf } from '../config/index.js';
import { chunkRow, sourceAccess, streamSource, type Cell } from '../sources/index.js';
import type { DestinationSpec, SendContext } from './types.js';

/** The id it registers under. */
export const ROWS_FILE_ID = 'rows_file';

const fields = {
  fileName: z
    .string()
    .trim()
    .regex(/^[\w-]{1,60}\.csv$/, 'a file name such as rows.csv (letters, digits, - and _)')
    .describe('The CSV file, under <dataDir>/rows-file/, that a run writes the rows it reads to'),
};

const options = z.strictObject({
  uppercase: z.boolean().optional().describe('Write every value in upper case'),
});

/** The file a run of these settings writes. */
export function rowsFilePath(dataDir: string, fileName: string): string {
  return join(dataDir, 'rows-file', fileName);
}

const csvCell = (value: Cell, upper: boolean): string => {
  const text = value === null ? '' : String(value);
  const shown = upper ? text.toUpperCase() : text;
  return /[",\n]/.test(shown) ? `"${shown.replace(/"/g, '""')}"` : shown;
};

/** `write_rows`: the source's rows, as read, into the settings' file; reports how many. */
async function writeRows(ctx: SendContext): Promise<object> {
  const upper = (ctx.options as z.output<typeof options>).uppercase === true;
  const lines: string[] = [];
  let columns: string[] | undefined;
  for await (const chunk of streamSource(ctx.source, { duckOptions: sourceAccess(ctx.sourceRoots) })) {
    columns ??= Object.keys(chunk.columns);
    for (let i = 0; i < chunk.rowCount; i++) {
      const row = chunkRow(chunk, i);
      lines.push(columns.map((c) => csvCell(row[c] ?? null, upper)).join(','));
    }
  }
  const path = rowsFilePath(ctx.dataDir, String(ctx.settings.fileName));
  await mkdir(join(ctx.dataDir, 'rows-file'), { recursive: true });
  await writeFile(path, [(columns ?? []).join(','), ...lines].join('\n') + '\n');
  ctx.logger.info({ rows: lines.length }, 'rows written');
  return {
    rowsRead: lines.length,
    rowsWritten: lines.length,
    fileName: ctx.settings.fileName,
    runnable: ctx.runnable,
  };
}

/** The rows a file destination's run wrote (header first), for assertions. */
export async function readRowsFile(dataDir: string, fileName: string): Promise<string[]> {
  return (await readFile(rowsFilePath(dataDir, fileName), 'utf8')).trimEnd().split('\n');
}

/** The third destination: rows written to a CSV file. */
export const rowsFileDestination: DestinationSpec = {
  id: ROWS_FILE_ID,
  label: 'Rows file (test)',
  description: 'Writes the rows a run reads to a CSV file under the data directory: a destination for tests.',
  fields,
  partialSchema: partialOf(fields),
  defaults: {},
  requiredSettings: () => ['fileName'],
  campaigns: false,
  noCampaignsReason: 'rows files are written by orchestrations only',
  runOptions: { schema: options, help: 'How rows are written: {"uppercase": true}. Empty: as read.' },
  report: {
    runKind: 'rows_file',
    targetSetting: 'fileName',
    fields: [{ key: 'rowsWritten', label: 'rows written' }],
  },
  steps: [{ name: 'write_rows', run: writeRows }],
  preview: (ctx) =>
    Promise.resolve({
      rows: ctx.rows.map((row) => ({ sent: { ...row }, rejects: [] })),
      note: 'Rows are written to the file as read.',
    }),
  previewSendsRawValues: true,
};
