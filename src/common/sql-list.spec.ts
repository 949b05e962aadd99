import { ACTIVE_TRIP_STATUSES, LIVE_TRIP_STATUSES, tripStatusesSql } from '../delivery/delivery-trip.entity';
import {
  FAILABLE_NOTIFICATION_STATUSES,
  notificationStatusesSql,
  SENDING_OR_ACCEPTED_STATUSES,
  UNSENT_NOTIFICATION_STATUSES,
} from '../notifications/notification.entity';
import { PUBLISHED_UNCLOSED, UNWORKED_WAVE_STATES } from '../waves/wave-status.enum';
import { waveStatesSql } from '../waves/wave-transitions';
import { sqlList } from './sql-list';

describe('sqlList', () => {
  it('quotes each value in a parenthesised list', () => {
    expect(sqlList(['a', 'b_c'])).toBe("('a', 'b_c')");
  });

  // The queries held these exact lists before the sets were named (the order sets: order-transitions.spec.ts): a change to one is deliberate.
  it('renders the named status sets the queries use', () => {
    expect(tripStatusesSql(ACTIVE_TRIP_STATUSES)).toBe("('booked', 'in_transit')");
    expect(tripStatusesSql(LIVE_TRIP_STATUSES)).toBe("('queued', 'booked', 'in_transit', 'delivered')");
    expect(waveStatesSql(UNWORKED_WAVE_STATES)).toBe("('draft', 'cancelled')");
    expect(waveStatesSql(PUBLISHED_UNCLOSED)).toBe("('scheduled', 'open')");
    expect(notificationStatusesSql(UNSENT_NOTIFICATION_STATUSES)).toBe("('pending', 'sending')");
    expect(notificationStatusesSql(SENDING_OR_ACCEPTED_STATUSES)).toBe("('sending', 'sent', 'delivered', 'read')");
    expect(notificationStatusesSql(FAILABLE_NOTIFICATION_STATUSES)).toBe("('pending', 'sending', 'sent')");
  });
});
