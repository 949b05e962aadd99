import { Module } from '@nestjs/common';
import { DroppingPointsModule } from '../dropping-points/dropping-points.module';
import { OrdersModule } from '../orders/orders.module';
import { OutboxModule } from '../outbox/outbox.module';
import { CourierBookingRepository } from './courier-booking.repository';
import { CourierWebhookService } from './courier-webhook.service';
import { DeliveryBoardService } from './delivery-board.service';
import { DeliveryController } from './delivery.controller';
import { DispatchService } from './dispatch.service';
import { ManualDeliveryService } from './manual-delivery.service';
import { QueueDashboard } from './queue-dashboard';
import { WebhookRawBody } from './raw-body';
import { TripStateService } from './trip-state.service';
import { TripRepository } from './trip.repository';

/**
 * Home delivery in the API process: dispatch (outbox intents, never Redis inside a transaction),
 * the dispatch board, the courier webhook, manual bookings, and the queue dashboard. Booking itself
 * happens in worker processes (DeliveryWorkerModule).
 */
@Module({
  imports: [OrdersModule, DroppingPointsModule, OutboxModule],
  controllers: [DeliveryController],
  providers: [
    DispatchService,
    DeliveryBoardService,
    ManualDeliveryService,
    CourierWebhookService,
    TripStateService,
    TripRepository,
    CourierBookingRepository,
    QueueDashboard,
    WebhookRawBody,
  ],
  exports: [DispatchService, DeliveryBoardService, ManualDeliveryService],
})
export class DeliveryModule {}
