import { effectiveStatus } from './wave-status';
import { WaveStatus } from './wave-status.enum';

describe('effectiveStatus', () => {
  const wave = { opensAt: new Date('2020-04-07T01:00:00Z'), closesAt: new Date('2020-04-08T10:00:00Z') };

  it('switches a published wave at its exact times', () => {
    expect(effectiveStatus({ ...wave, status: WaveStatus.Scheduled }, new Date('2020-04-07T00:59:59.999Z'))).toBe(WaveStatus.Scheduled);
    expect(effectiveStatus({ ...wave, status: WaveStatus.Scheduled }, new Date('2020-04-07T01:00:00.000Z'))).toBe(WaveStatus.Open);
    expect(effectiveStatus({ ...wave, status: WaveStatus.Open }, new Date('2020-04-08T09:59:59.999Z'))).toBe(WaveStatus.Open);
    expect(effectiveStatus({ ...wave, status: WaveStatus.Open }, new Date('2020-04-08T10:00:00.000Z'))).toBe(WaveStatus.Closed);
  });

  it('leaves drafts, cancelled and closed waves as stored', () => {
    const during = new Date('2020-04-07T12:00:00Z');
    expect(effectiveStatus({ ...wave, status: WaveStatus.Draft }, during)).toBe(WaveStatus.Draft);
    expect(effectiveStatus({ ...wave, status: WaveStatus.Cancelled }, during)).toBe(WaveStatus.Cancelled);
    expect(effectiveStatus({ ...wave, status: WaveStatus.Closed }, during)).toBe(WaveStatus.Closed);
  });
});
