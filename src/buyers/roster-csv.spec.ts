import { EmployeeKind } from './buyer.entity';
import { parseRoster } from './roster-csv';

describe('parseRoster', () => {
  it('reads valid rows with optional columns', () => {
    const csv = 'NIP,Name,Agency,Phone,kind,default_dropping_point\n198503122010011001,Siti,KemenKopUKM,081234567890,,Lenteng Agung\n';
    expect(parseRoster(csv)).toEqual({
      rows: [
        {
          line: 2,
          nip: '198503122010011001',
          kind: EmployeeKind.Pns,
          name: 'Siti',
          agency: 'KemenKopUKM',
          phone: '081234567890',
          droppingPoint: 'Lenteng Agung',
        },
      ],
      problems: [],
    });
  });

  it('reports every bad field with its line', () => {
    const csv = 'nip,name,agency,phone\n198502302010011001,Budi,Bappenas,0812345678\n198503122010011001,X,Kemendagri,abc\n';
    expect(parseRoster(csv).problems).toEqual([
      { line: 2, field: 'nip', message: 'nip digits 1-8 must be a valid birth date (YYYYMMDD)' },
      { line: 3, field: 'name', message: 'name must be 2-200 characters' },
      { line: 3, field: 'phone', message: 'phone must be 8-20 digits' },
    ]);
  });

  it('refuses a roster without the required columns', () => {
    expect(parseRoster('nip,name\n198503122010011001,Siti\n').problems).toEqual([
      { line: 1, field: 'header', message: 'missing column(s): agency, phone' },
    ]);
  });
});
