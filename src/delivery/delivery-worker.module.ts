import { Module } from '@nestjs/common';
import { OrderStateModule } from '../orders/order-state.module';
import { OutboxModule } from '../outbox/outbox.module';
import { BookingWorker } from './booking.worker';
import { CourierBookingRepository } from './courier-booking.repository';
import { CourierModule } from './courier/courier.module';
import { TripBookingService } from './trip-booking.service';
import { TripStateService } from './trip-state.service';
import { TripRepository } from './trip.repository';

/** What a worker process runs for deliveries: the booking worker and the courier gateway. */
@Module({
  imports: [OutboxModule, CourierModule, OrderStateModule],
  providers: [TripStateService, TripRepository, CourierBookingRepository, TripBookingService, BookingWorker],
  exports: [TripBookingService],
})
export class DeliveryWorkerModule {}
