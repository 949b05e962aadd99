import { parse } from 'csv-parse/sync';
import { EmployeeKind } from './buyer.entity';
import { checkName } from '../common/text';
import { nipProblem } from './nip';

export interface RosterRow {
  line: number;
  nip: string;
  kind: EmployeeKind;
  name: string;
  agency: string;
  phone: string;
  /** A dropping point's id or exact name, as the roster gives it. */
  droppingPoint: string;
}

export interface RosterProblem {
  line: number;
  field: string;
  message: string;
}

const REQUIRED = ['nip', 'name', 'agency', 'phone'] as const;
export const MAX_ROSTER_ROWS = 50_000;

/**
 * Reads a roster CSV with a header row: nip,name,agency,phone and optionally kind (PNS|PPPK)
 * and default_dropping_point (id or name), separated by commas or semicolons, with or without a BOM. Returns the rows, or every problem found.
 */
export function parseRoster(csv: string): { rows: RosterRow[]; problems: RosterProblem[] } {
  let records: Record<string, string>[];
  try {
    records = parse(csv, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      delimiter: delimiterOf(csv),
      skip_empty_lines: true,
      trim: true,
      bom: true,
    });
  } catch (error) {
    return { rows: [], problems: [{ line: 0, field: 'file', message: `not a readable CSV: ${(error as Error).message}` }] };
  }
  if (records.length === 0) return { rows: [], problems: [{ line: 0, field: 'file', message: 'the roster has no rows' }] };
  if (records.length > MAX_ROSTER_ROWS)
    return { rows: [], problems: [{ line: 0, field: 'file', message: `at most ${MAX_ROSTER_ROWS} rows per import` }] };
  const missing = REQUIRED.filter((column) => !(column in records[0]));
  if (missing.length > 0)
    return { rows: [], problems: [{ line: 1, field: 'header', message: `missing column(s): ${missing.join(', ')}` }] };

  const rows: RosterRow[] = [];
  const problems: RosterProblem[] = [];
  records.forEach((record, index) => {
    const line = index + 2;
    const row: RosterRow = {
      line,
      nip: record.nip ?? '',
      kind: (record.kind || EmployeeKind.Pns).toUpperCase() as EmployeeKind,
      name: record.name ?? '',
      agency: record.agency ?? '',
      phone: record.phone ?? '',
      droppingPoint: record.default_dropping_point ?? '',
    };
    const rowProblems = rowProblemsOf(row);
    problems.push(...rowProblems);
    if (rowProblems.length === 0) rows.push(row);
  });
  return { rows, problems };
}

/** Excel in Indonesian locales writes ";" between columns (the comma is the decimal sign): the header line tells which. */
function delimiterOf(csv: string): string {
  const header = csv.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0];
  return header.includes(';') && !header.includes(',') ? ';' : ',';
}

function rowProblemsOf(row: RosterRow): RosterProblem[] {
  const problems: RosterProblem[] = [];
  const add = (field: string, message: string) => problems.push({ line: row.line, field, message });
  if (!Object.values(EmployeeKind).includes(row.kind)) add('kind', 'kind must be PNS or PPPK');
  const nipIssue = nipProblem(row.nip, Object.values(EmployeeKind).includes(row.kind) ? row.kind : EmployeeKind.Pns);
  if (nipIssue) add('nip', `nip ${nipIssue}`);
  // The roster is the truth for the names shown at the desk: the same rule as every name field (src/common/text.ts).
  for (const field of ['name', 'agency'] as const) {
    const checked = checkName(row[field], field);
    row[field] = checked.value;
    if (checked.problem) add(field, checked.problem);
    else if (row[field].length < 2 || row[field].length > 200) add(field, `${field} must be 2-200 characters`);
  }
  if (!/^\+?[0-9 -]{8,20}$/.test(row.phone)) add('phone', 'phone must be 8-20 digits');
  return problems;
}
