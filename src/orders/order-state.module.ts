import { Global, Module } from '@nestjs/common';
import { OrderStateService } from './order-state.service';
import { OrdersRepository } from './orders.repository';

/**
 * Global because an order's status is changed from the desk, the payment gateway and the delivery
 * worker, which do not all import OrdersModule (the worker must not: it would start the wave sweeps);
 * with it OrdersRepository, where its SQL lives.
 */
@Global()
@Module({
  providers: [OrderStateService, OrdersRepository],
  exports: [OrderStateService, OrdersRepository],
})
export class OrderStateModule {}
