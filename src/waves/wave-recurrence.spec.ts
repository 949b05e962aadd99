import { describeRecurrenceRule, nextWaveTimes, normaliseRecurrenceRule } from './wave-recurrence';

const june = {
  opensAt: new Date('2026-06-11T08:00:00+07:00'),
  closesAt: new Date('2026-06-11T20:00:00+07:00'),
  paymentDeadline: new Date('2026-06-12T17:00:00+07:00'),
  handOutDate: '2026-06-13',
};

describe('wave recurrence', () => {
  it('moves every time of the wave to the next second Thursday, in WIB', () => {
    expect(nextWaveTimes('FREQ=MONTHLY;BYDAY=+2TH', june, new Date('2026-06-01T00:00:00Z'))).toEqual({
      opensAt: new Date('2026-07-09T08:00:00+07:00'),
      closesAt: new Date('2026-07-09T20:00:00+07:00'),
      paymentDeadline: new Date('2026-07-10T17:00:00+07:00'),
      handOutDate: '2026-07-11',
    });
  });

  it('skips occurrences that would already be closed', () => {
    const next = nextWaveTimes('FREQ=MONTHLY;BYDAY=+2TH', june, new Date('2026-12-02T18:00:00Z'));
    expect(next?.opensAt).toEqual(new Date('2026-12-10T08:00:00+07:00'));
    // One still open now is the next: a wave that closes later today is not skipped.
    const sameDay = nextWaveTimes('FREQ=MONTHLY;BYDAY=+2TH', june, new Date('2026-12-10T10:00:00+07:00'));
    expect(sameDay?.opensAt).toEqual(new Date('2026-12-10T08:00:00+07:00'));
  });

  it('a WIB early-morning opening stays on its WIB day (UTC is still the day before)', () => {
    const early = { ...june, opensAt: new Date('2026-06-11T05:00:00+07:00'), closesAt: new Date('2026-06-11T09:00:00+07:00') };
    expect(nextWaveTimes('FREQ=WEEKLY;BYDAY=TH', early, new Date('2026-06-01T00:00:00Z'))?.opensAt).toEqual(
      new Date('2026-06-18T05:00:00+07:00'),
    );
  });

  it('reads and describes rules', () => {
    expect(normaliseRecurrenceRule(' RRULE:FREQ=MONTHLY;BYDAY=+2TH ')).toBe('FREQ=MONTHLY;BYDAY=+2TH');
    expect(describeRecurrenceRule('FREQ=MONTHLY;BYDAY=+2TH')).toBe('Kamis kedua setiap bulan');
    expect(describeRecurrenceRule('FREQ=WEEKLY;BYDAY=MO,TH')).toBe('Setiap Senin, Kamis');
    expect(() => normaliseRecurrenceRule('FREQ=MINUTELY')).toThrow('rule must repeat');
  });
});
