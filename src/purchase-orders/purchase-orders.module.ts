import { Module } from '@nestjs/common';
import { DeskModule } from '../desk/desk.module';
import { OrdersModule } from '../orders/orders.module';
import { PurchaseOrderIssuer } from './purchase-order-issuer.service';
import { PurchaseOrderProgress } from './purchase-order-progress';
import { PurchaseOrdersController } from './purchase-orders.controller';
import { PurchaseOrderRepository } from './purchase-order.repository';
import { PurchaseOrdersService } from './purchase-orders.service';
import { ShortfallRepository } from './shortfall.repository';
import { ShortfallService } from './shortfall.service';
import { VouchersModule } from '../vouchers/vouchers.module';

/**
 * Cooperative purchase orders: made when a wave closes, confirmed (with shortfalls) and shipped per
 * dropping point by the cooperative; and what the wave's steps after closing wait on
 * (PurchaseOrderProgress: the waves module moves the wave). The goods receipts
 * at the points are read through the desk's ReceiptsService.
 */
@Module({
  imports: [OrdersModule, DeskModule, VouchersModule],
  controllers: [PurchaseOrdersController],
  providers: [
    PurchaseOrderIssuer,
    PurchaseOrdersService,
    ShortfallService,
    PurchaseOrderProgress,
    PurchaseOrderRepository,
    ShortfallRepository,
  ],
  exports: [PurchaseOrdersService, PurchaseOrderRepository, ShortfallRepository],
})
export class PurchaseOrdersModule {}
