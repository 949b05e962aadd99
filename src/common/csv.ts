import { stringify } from 'csv-stringify/sync';

export type CsvValue = string | number | null | undefined;

/**
 * A spreadsheet opens a cell that starts with = + - @ (or a tab / carriage return) as a formula:
 * text (names people typed, agencies, addresses) is defused with a leading apostrophe. Numbers
 * stay numbers.
 */
export function safeCell(text: string | null): string {
  if (text === null) return '';
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * The one CSV writer of every export (reports, purchase orders, pickup lists): every text cell goes
 * through safeCell, so no export can carry a live formula whoever wrote the text.
 */
export function writeCsv(columns: string[], rows: CsvValue[][], options: { windowsLineEnds?: boolean } = {}): string {
  const cells = rows.map((row) => row.map((value) => (typeof value === 'number' ? value : safeCell(value ?? null))));
  return stringify(cells, { header: true, columns, ...(options.windowsLineEnds ? { record_delimiter: 'windows' as const } : {}) });
}
