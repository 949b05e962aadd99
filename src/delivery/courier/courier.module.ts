import { Module } from '@nestjs/common';
import { Environment } from '../../config/environment';
import { CourierGateway } from './courier-gateway';
import { HttpCourierGateway } from './http-courier.gateway';
import { ManualCourierGateway } from './manual-courier.gateway';

/** The courier gateway chosen by COURIER_DRIVER. */
@Module({
  providers: [
    {
      provide: CourierGateway,
      inject: [Environment],
      useFactory: (env: Environment): CourierGateway =>
        env.COURIER_DRIVER === 'manual' ? new ManualCourierGateway() : new HttpCourierGateway(env),
    },
  ],
  exports: [CourierGateway],
})
export class CourierModule {}
