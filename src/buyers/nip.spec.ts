import { EmployeeKind } from './buyer.entity';
import { nipProblem } from './nip';

describe('nipProblem', () => {
  it('accepts a well-formed NIP', () => {
    expect(nipProblem('198503122010011001')).toBeNull();
    expect(nipProblem('199202292015032002')).toBeNull();
  });

  it.each([
    ['19850312201001100', 'must be exactly 18 digits'],
    ['19850312201001100a', 'must be exactly 18 digits'],
    ['198502302010011001', 'digits 1-8 must be a valid birth date (YYYYMMDD)'],
    ['199102292015032002', 'digits 1-8 must be a valid birth date (YYYYMMDD)'],
    ['198503122010131001', 'digits 9-14 must be a valid appointment month (YYYYMM)'],
    ['198503122010001001', 'digits 9-14 must be a valid appointment month (YYYYMM)'],
    ['198503121980011001', 'the appointment month must come after the birth date'],
    ['198503122010013001', 'digit 15 (gender) must be 1 or 2'],
    ['198503122010010001', 'digit 15 (gender) must be 1 or 2'],
  ])('refuses %s: %s', (nip, problem) => {
    expect(nipProblem(nip)).toBe(problem);
  });

  it('checks only length and digits of a PPPK number', () => {
    expect(nipProblem('123456789012345678', EmployeeKind.Pppk)).toBeNull();
    expect(nipProblem('12345678901234567', EmployeeKind.Pppk)).toBe('must be exactly 18 digits');
  });
});
