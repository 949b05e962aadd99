import { parseQuietHours, quietHoursEnd } from './quiet-hours';
import { toE164Digits } from './phone';

describe('quietHoursEnd', () => {
  it('lets announcements go between 06.00 and 21.00 WIB', () => {
    expect(quietHoursEnd(new Date('2020-04-07T06:00:00+07:00'))).toBeNull();
    expect(quietHoursEnd(new Date('2020-04-07T20:59:59+07:00'))).toBeNull();
  });

  it('can be configured away ("0-0")', () => {
    expect(quietHoursEnd(new Date('2020-04-07T23:00:00+07:00'), parseQuietHours('0-0'))).toBeNull();
    expect(parseQuietHours('21-06')).toEqual({ fromHour: 21, untilHour: 6 });
  });

  it('holds them from 21.00 until 06.00 WIB the next morning', () => {
    expect(quietHoursEnd(new Date('2020-04-07T21:00:00+07:00'))?.toISOString()).toBe(new Date('2020-04-08T06:00:00+07:00').toISOString());
    expect(quietHoursEnd(new Date('2020-04-07T23:30:00+07:00'))?.toISOString()).toBe(new Date('2020-04-08T06:00:00+07:00').toISOString());
    expect(quietHoursEnd(new Date('2020-04-08T05:59:00+07:00'))?.toISOString()).toBe(new Date('2020-04-08T06:00:00+07:00').toISOString());
  });
});

describe('toE164Digits', () => {
  it('reads the ways rosters write Indonesian mobile numbers', () => {
    expect(toE164Digits('0812-3456-7890')).toBe('6281234567890');
    expect(toE164Digits('+62 812 3456 7890')).toBe('6281234567890');
    expect(toE164Digits('6281234567890')).toBe('6281234567890');
    expect(toE164Digits('021-5555555')).toBeNull();
  });
});
