// RFC 4180 CSV for spreadsheets: CRLF line ends, quoted cells, and no formulas.
import { MATCH_FIELDS, type MatchRecord } from './match-record';

/** A UTF-8 byte order mark, so spreadsheets do not read the file as Windows-1252. */
export const CSV_BOM = '\uFEFF';

// A spreadsheet runs a text cell starting with one of these as a formula (CSV injection); a
// leading ' keeps it text. Numbers are written as numbers and never start with one.
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: null is empty; text with a comma, quote or line break is quoted. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The header row, with its CRLF. */
export function csvHeader(): string {
  return `${MATCH_FIELDS.join(',')}\r\n`;
}

/** The record's row, cells in MATCH_FIELDS order, with its CRLF. */
export function csvRow(record: MatchRecord): string {
  return `${MATCH_FIELDS.map((field) => csvCell(record[field])).join(',')}\r\n`;
}
