import { Module } from '@nestjs/common';
import { OrdersModule } from '../orders/orders.module';
import { PurchaseOrderIssuer } from './purchase-order-issuer.service';
import { PurchaseOrdersController } from './purchase-orders.controller';
import { PurchaseOrdersService } from './purchase-orders.service';
import { ShortfallService } from './shortfall.service';
import { WaveProgressService } from './wave-progress.service';

/**
 * Cooperative purchase orders: made when a wave closes, confirmed (with shortfalls) and shipped per
 * dropping point by the cooperative; and the wave's progress after closing (WaveProgressService,
 * exported so hand-over and delivery code can move a wave to completed at once).
 */
@Module({
  imports: [OrdersModule],
  controllers: [PurchaseOrdersController],
  providers: [PurchaseOrderIssuer, PurchaseOrdersService, ShortfallService, WaveProgressService],
  exports: [WaveProgressService, PurchaseOrdersService],
})
export class PurchaseOrdersModule {}
