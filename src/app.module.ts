import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { LoggerModule } from 'nestjs-pino';
import { AgenciesModule } from './agencies/agencies.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { BuyersModule } from './buyers/buyers.module';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { AppConfigModule } from './config/config.module';
import { Environment } from './config/environment';
import { CooperativesModule } from './cooperatives/cooperatives.module';
import { DatabaseModule } from './database/database.module';
import { DeliveryModule } from './delivery/delivery.module';
import { DeskModule } from './desk/desk.module';
import { DroppingPointsModule } from './dropping-points/dropping-points.module';
import { HealthModule } from './health/health.module';
import { OrdersModule } from './orders/orders.module';
import { PaymentsModule } from './payments/payments.module';
import { PurchaseOrdersModule } from './purchase-orders/purchase-orders.module';
import { OutboxRelayModule } from './outbox/outbox.module';
import { EventsModule } from './events/events.module';
import { NotificationsModule } from './notifications/notifications.module';
import { QueuesModule } from './queues/queues.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { RedisModule } from './redis/redis.module';
import { ReportsModule } from './reports/reports.module';
import { SchedulingModule } from './scheduling/scheduling.module';
import { WebModule } from './web/web.module';
import { UsersModule } from './users/users.module';
import { VouchersModule } from './vouchers/vouchers.module';
import { WavesModule } from './waves/waves.module';

@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [Environment],
      useFactory: (env: Environment) => ({
        pinoHttp: {
          level: env.LOG_LEVEL,
          // A request's id travels in x-request-id both ways (see main.ts genReqId).
          customProps: (request) => ({ requestId: request.id }),
          redact: ['req.headers.authorization', 'req.headers.cookie'],
          autoLogging: { ignore: (request) => request.url === '/health' },
        },
      }),
    }),
    ScheduleModule.forRoot(),
    DatabaseModule,
    RedisModule,
    SchedulingModule,
    AuthModule,
    AuditModule,
    AgenciesModule,
    RateLimitModule,
    UsersModule,
    CooperativesModule,
    DroppingPointsModule,
    BuyersModule,
    WavesModule,
    OrdersModule,
    DeskModule,
    PaymentsModule,
    VouchersModule,
    // Producers only: the API relays outbox intents to BullMQ; worker processes (src/worker.ts) consume.
    QueuesModule,
    OutboxRelayModule,
    EventsModule,
    NotificationsModule,
    DeliveryModule,
    HealthModule,
    PurchaseOrdersModule,
    ReportsModule,
    WebModule,
  ],
  providers: [{ provide: APP_FILTER, useClass: HttpExceptionFilter }],
})
export class AppModule {
  /** The service with the settings its entry point validated (tests pass their own). */
  static forRoot(env: Environment): DynamicModule {
    return { module: AppModule, imports: [AppConfigModule.forRoot(env)] };
  }
}
