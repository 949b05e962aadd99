import { formatDate, formatWib, parseTimestamp, toWib, wibDate } from './time';

describe('WIB time helpers', () => {
  it('shows an instant in WIB with an explicit offset', () => {
    expect(toWib(new Date('2020-04-07T01:00:00Z'))).toBe('2020-04-07T08:00:00+07:00');
    expect(toWib(new Date('2020-04-07T20:30:15Z'))).toBe('2020-04-08T03:30:15+07:00');
  });

  it('reads a timestamp without offset as WIB and keeps an explicit offset', () => {
    expect(parseTimestamp('2020-04-07T08:00:00').toISOString()).toBe('2020-04-07T01:00:00.000Z');
    expect(parseTimestamp('2020-04-07T08:00:00Z').toISOString()).toBe('2020-04-07T08:00:00.000Z');
    expect(parseTimestamp('2020-04-07T08:00:00+08:00').toISOString()).toBe('2020-04-07T00:00:00.000Z');
  });

  it('gives the WIB calendar day', () => {
    expect(wibDate(new Date('2020-04-09T18:00:00Z'))).toBe('2020-04-10');
  });

  it('prints a WIB time and a calendar day short, day first', () => {
    expect(formatWib('2020-04-08T17:00:00+07:00')).toBe('08-04-2020 17:00 WIB');
    expect(formatWib(null)).toBe('-');
    expect(formatDate('2020-04-10')).toBe('10-04-2020');
  });
});
