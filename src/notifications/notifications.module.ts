import { Module } from '@nestjs/common';
import { OrdersModule } from '../orders/orders.module';
import { SmsGatewayDriver } from './channels/sms-gateway.driver';
import { SmtpEmailDriver } from './channels/smtp-email.driver';
import { WhatsAppCloudDriver } from './channels/whatsapp-cloud.driver';
import { DirectMessages } from './direct-messages';
import { NotificationFanoutRepository } from './notification-fanout.repository';
import { NotificationFanouts } from './notification-fanout.service';
import { NotificationRelay } from './notification-relay';
import { NotificationSender } from './notification-sender';
import { NotificationSubscribers } from './notification-subscribers';
import { NotificationRepository } from './notification.repository';
import { NotificationViews } from './notification-views.service';
import { NotificationWorker } from './notification.worker';
import { NotificationsController } from './notifications.controller';
import { PlacedOrdersSweep } from './placed-orders.sweep';
import { WaveRemindersSweep } from './wave-reminders.sweep';
import { WhatsAppWebhookRawBody } from './webhook-raw-body';
import { WhatsAppWebhookService } from './whatsapp-webhook.service';

const CHANNEL_DRIVERS = [WhatsAppCloudDriver, SmsGatewayDriver, SmtpEmailDriver];

/**
 * The API side: turns events into rows (in their transactions), queues them after commit, works
 * off fan-outs and the placed-orders sweep, answers webhooks and the JSON routes. Never sends.
 */
@Module({
  imports: [OrdersModule],
  controllers: [NotificationsController],
  providers: [
    ...CHANNEL_DRIVERS,
    NotificationRepository,
    NotificationFanoutRepository,
    NotificationRelay,
    NotificationSender,
    NotificationSubscribers,
    NotificationFanouts,
    PlacedOrdersSweep,
    WaveRemindersSweep,
    NotificationViews,
    WhatsAppWebhookService,
    WhatsAppWebhookRawBody,
    DirectMessages,
  ],
  exports: [DirectMessages, NotificationRelay, NotificationFanouts, PlacedOrdersSweep, WaveRemindersSweep],
})
export class NotificationsModule {}

/** The worker side: sends, with the channel drivers; hears the events worker transactions publish (trips). */
@Module({
  providers: [
    ...CHANNEL_DRIVERS,
    NotificationRepository,
    NotificationFanoutRepository,
    NotificationSender,
    NotificationSubscribers,
    NotificationWorker,
  ],
  exports: [NotificationWorker],
})
export class NotificationsWorkerModule {}
