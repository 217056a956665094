import { sqlIdent } from './relation.js';

/**
 * CSV cells a spreadsheet would run as a formula (OWASP "CSV injection"): those starting with `=`, `+`, `-`,
 * `@`, a tab or a carriage return. Every CSV ttads writes (rejects files, downloads) goes through this
 * module, so that an admin opening a file made of someone's source rows runs nothing.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Whether a spreadsheet could read this cell as a formula. */
export function startsLikeFormula(text: string): boolean {
  return FORMULA_START.test(text);
}

/**
 * The cell as a spreadsheet shows it without running it: OWASP's rule, a leading `'` before a cell that
 * starts like a formula. Phone numbers such as `+15551234567` get it too; spreadsheets hide the `'`.
 */
export function neutraliseCell(text: string): string {
  return startsLikeFormula(text) ? `'${text}` : text;
}

/** One CSV field (RFC 4180), quoted when it holds a separator, a quote or a line break; no neutralising. */
export function csvQuote(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV field of a file meant for people: neutralised (see {@link neutraliseCell}), then quoted. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  return csvQuote(neutraliseCell(String(value)));
}

/** One CSV line of cells for people, without its line break. */
export function csvLine(cells: readonly (string | number | null | undefined)[]): string {
  return cells.map(csvCell).join(',');
}

/**
 * The DuckDB expression of a column written by `COPY ... (FORMAT csv)`: the value as text, with a `'`
 * before a value that starts like a formula (NULL stays NULL). One regexp_replace, so `expr` is evaluated
 * once. The pattern's `\t` and `\r` are RE2 escapes (DuckDB strings keep backslashes as they are).
 */
export function csvSafeSql(expr: string): string {
  return `regexp_replace(CAST((${expr}) AS VARCHAR), '^([=+@\\t\\r-])', '''\\1')`;
}

/** A column of a CSV written by DuckDB: its value expression and its header cell, both neutralised. */
export function csvSafeColumnSql(expr: string, name: string): string {
  return `${csvSafeSql(expr)} AS ${sqlIdent(neutraliseCell(name))}`;
}

/**
 * Neutralises a CSV on its way out (a download of a file written before every writer neutralised, or by
 * another tool): a `'` goes before each cell, header included, whose content starts like a formula, quoted
 * or not. It follows RFC 4180 quoting across chunk boundaries and is idempotent (a neutralised cell starts
 * with `'`). An unquoted carriage return at a cell's start is a line break, not content.
 */
export function neutraliseCsvStream(): TransformStream<string, string> {
  let atCellStart = true;
  let inQuotes = false;
  let justOpened = false;
  let quoteSeen = false;
  return new TransformStream<string, string>({
    transform(chunk, controller) {
      let out = '';
      for (const ch of chunk) {
        if (inQuotes) {
          if (quoteSeen) {
            quoteSeen = false;
            if (ch === '"') {
              out += ch;
              continue;
            }
            inQuotes = false; // the quote closed the cell: `ch` is the separator or line break after it
          } else if (ch === '"') {
            quoteSeen = true;
            justOpened = false;
            out += ch;
            continue;
          } else {
            if (justOpened && startsLikeFormula(ch)) out += "'";
            justOpened = false;
            out += ch;
            continue;
          }
        }
        if (ch === ',' || ch === '\n' || ch === '\r') {
          atCellStart = true;
          out += ch;
        } else if (atCellStart && ch === '"') {
          atCellStart = false;
          inQuotes = true;
          justOpened = true;
          out += ch;
        } else {
          if (atCellStart && startsLikeFormula(ch)) out += "'";
          atCellStart = false;
          out += ch;
        }
      }
      controller.enqueue(out);
    },
  });
}
