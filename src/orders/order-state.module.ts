import { Global, Module } from '@nestjs/common';
import { OrderStateService } from './order-state.service';

/**
 * Global because an order's status is changed from the desk, the payment gateway and the delivery
 * worker, which do not all import OrdersModule (the worker must not: it would start the wave sweeps).
 */
@Global()
@Module({
  providers: [OrderStateService],
  exports: [OrderStateService],
})
export class OrderStateModule {}
