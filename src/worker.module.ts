import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfigModule } from './config/config.module';
import { Environment } from './config/environment';
import { DatabaseModule } from './database/database.module';
import { DeliveryWorkerModule } from './delivery/delivery-worker.module';
import { EventsModule } from './events/events.module';
import { NotificationsWorkerModule } from './notifications/notifications.module';
import { QueuesModule } from './queues/queues.module';
import { RedisModule } from './redis/redis.module';

/** The worker process (src/worker.ts): consumes the queues; serves no HTTP. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [Environment],
      useFactory: (env: Environment) => ({ pinoHttp: { level: env.LOG_LEVEL } }),
    }),
    DatabaseModule,
    RedisModule,
    QueuesModule,
    EventsModule,
    DeliveryWorkerModule,
    NotificationsWorkerModule,
  ],
})
export class WorkerModule {
  static forRoot(env: Environment): DynamicModule {
    return { module: WorkerModule, imports: [AppConfigModule.forRoot(env)] };
  }
}
