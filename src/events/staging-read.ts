import type { DuckDBPreparedStatement } from '@duckdb/node-api';
import type { Duck } from '../sources/index.js';

/**
 * A slice of source rows: row r's cell for field f is `cells[r * width + f]` and its last cell
 * (`width - 1`) is its 1-based row number in the source. A row listed in `broken` had the cell separator
 * (U+0001) inside a value, so its cells could not be told apart: only its row number is set.
 */
export interface RowBlock {
  rows: number;
  width: number;
  cells: (string | null)[];
  broken?: ReadonlySet<number>;
}

const SEPARATOR = '\u0001';
const ROWS_TABLE = 'ttads_event_rows';
const LATE_TABLE = 'ttads_event_late';

interface Pass {
  table: string;
  /** Row number expression. */
  number: string;
  /** Rowids to scan: [0, end). */
  end: number;
}

/**
 * Reads staged rows: first the rows table in source order (rowid ranges; rows moved to the late table
 * leave gaps), then the late table (spread events, sorted). Each block is ONE string built by DuckDB
 * (cells and rows joined by U+0001): several times faster than reading values one by one through the
 * binding. The next block is fetched while the current one is used, and a block is cut into cells only
 * `sliceRows` rows at a time, so that cells die young (a whole block of cells would outlive several
 * scavenges and be copied into the old generation: most of the GC time of a send).
 */
export async function* readStagedBlocks(
  duck: Duck,
  fieldCount: number,
  rowCount: number,
  spreadRows: number,
  blockRows: number,
  sliceRows = 1000,
): AsyncGenerator<RowBlock> {
  const width = fieldCount + 1;
  let reusable: Int32Array | undefined;
  const passes: Pass[] = [
    { table: ROWS_TABLE, number: 'rowid + 1', end: rowCount },
    { table: LATE_TABLE, number: 'n', end: spreadRows },
  ];
  for (const pass of passes) {
    if (pass.end === 0) continue;
    const statement = await duck.connection.prepare(
      `SELECT count(*), string_agg(concat(line, chr(1), ${pass.number}), chr(1) ORDER BY rowid)
       FROM ${pass.table} WHERE rowid >= $1 AND rowid < $2`,
    );
    const fetch = (start: number) => fetchBlock(statement, start, blockRows);
    try {
      let next: Promise<Joined> | undefined = fetch(0);
      for (let start = 0; next; start += blockRows) {
        const block = await next;
        next = start + blockRows < pass.end ? fetch(start + blockRows) : undefined;
        if (block.rows === 0) continue;
        const ends = cellEnds(block.text, block.rows * width, reusable);
        reusable = ends ?? reusable;
        // Cells do not add up: some value holds the separator. Such a block is read row by row.
        if (ends) yield* slices(block.text, ends, width, block.rows, sliceRows);
        else yield await fetchRowByRow(duck, pass, start, blockRows, width);
      }
    } finally {
      statement.destroySync();
    }
  }
}

/** A block as DuckDB joined it: its rows' cells and row numbers, all separated by U+0001. */
interface Joined {
  rows: number;
  text: string;
}

async function fetchBlock(
  statement: DuckDBPreparedStatement,
  start: number,
  blockRows: number,
): Promise<Joined> {
  statement.bind([BigInt(start), BigInt(start + blockRows)]);
  const row = (await statement.runAndReadAll()).getRows()[0] ?? [];
  const rows = Number(row[0] ?? 0);
  return { rows, text: rows === 0 ? '' : String(row[1]) };
}

/**
 * Where each of the `cells` cells of a joined block ends, or undefined when the text holds more cells:
 * every U+0001 inside a value adds one, so the count is exact only when no value holds one. Finding the
 * ends first (into a reused array) checks that without a pass in DuckDB, which cost as much as the read.
 */
export function cellEnds(text: string, cells: number, reuse?: Int32Array): Int32Array | undefined {
  const ends = reuse && reuse.length >= cells ? reuse : new Int32Array(cells);
  let at = 0;
  for (let c = 0; c < cells - 1; c++) {
    const end = text.indexOf(SEPARATOR, at);
    if (end < 0) return undefined;
    ends[c] = end;
    at = end + 1;
  }
  if (text.indexOf(SEPARATOR, at) >= 0) return undefined;
  ends[cells - 1] = text.length;
  return ends;
}

/** Cuts a joined block into slices of cells. */
function* slices(
  text: string,
  ends: Int32Array,
  width: number,
  rows: number,
  sliceRows: number,
): Generator<RowBlock> {
  let at = 0;
  let cell = 0;
  for (let row = 0; row < rows;) {
    const count = Math.min(sliceRows, rows - row);
    const cells: string[] = new Array<string>(count * width);
    for (let c = 0; c < cells.length; c++, cell++) {
      const end = ends[cell]!;
      cells[c] = text.slice(at, end);
      at = end + 1;
    }
    row += count;
    yield { rows: count, width, cells };
  }
}

/** The slow path for a block where some value holds the separator: one line per row. */
async function fetchRowByRow(duck: Duck, pass: Pass, start: number, blockRows: number, width: number) {
  const reader = await duck.connection.runAndReadAll(
    `SELECT ${pass.number}, line FROM ${pass.table} WHERE rowid >= $1 AND rowid < $2 ORDER BY rowid`,
    [BigInt(start), BigInt(start + blockRows)],
  );
  const lines = reader.getRows();
  const cells: (string | null)[] = new Array<string | null>(lines.length * width).fill(null);
  const broken = new Set<number>();
  lines.forEach(([number, line], r) => {
    const parts = String(line).split(SEPARATOR);
    if (parts.length === width - 1) for (let f = 0; f < parts.length; f++) cells[r * width + f] = parts[f]!;
    else broken.add(r);
    cells[r * width + width - 1] = String(number);
  });
  return { rows: lines.length, width, cells, broken };
}

/** Cells (without the row number) of the given source rows, wherever they were staged. */
export async function readStagedRows(
  duck: Duck,
  fieldCount: number,
  rowNumbers: readonly number[],
): Promise<Map<number, (string | null)[]>> {
  const found = new Map<number, (string | null)[]>();
  if (rowNumbers.length === 0) return found;
  const reader = await duck.connection.runAndReadAll(
    `WITH wanted AS (SELECT unnest(CAST(string_split($1, ',') AS BIGINT[])) AS n)
     SELECT rowid + 1 AS n, line FROM ${ROWS_TABLE} WHERE rowid + 1 IN (SELECT n FROM wanted)
     UNION ALL SELECT n, line FROM ${LATE_TABLE} WHERE n IN (SELECT n FROM wanted)`,
    [[...new Set(rowNumbers)].join(',')],
  );
  for (const [n, line] of reader.getRows()) {
    const parts = String(line).split(SEPARATOR);
    found.set(
      Number(n),
      parts.length === fieldCount ? parts : new Array<string | null>(fieldCount).fill(null),
    );
  }
  return found;
}
