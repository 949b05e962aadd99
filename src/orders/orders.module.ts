import { Module } from '@nestjs/common';
import { WavesModule } from '../waves/waves.module';
import { OrderBatcher } from './order-batcher';
import { OrderChangeService } from './order-change.service';
import { OrderMoneyService } from './order-money.service';
import { OrderPlacementService } from './order-placement.service';
import { OrderReleaseService } from './order-release.service';
import { OrderStateModule } from './order-state.module';
import { OrdersController } from './orders.controller';
import { OrdersService } from './orders.service';
import { WaveOfferCache } from './wave-offer.cache';
import { WaveSummaryService } from './wave-summary.service';

@Module({
  imports: [WavesModule, OrderStateModule],
  controllers: [OrdersController],
  providers: [
    OrderPlacementService,
    OrderBatcher,
    OrdersService,
    OrderReleaseService,
    WaveOfferCache,
    WaveSummaryService,
    OrderChangeService,
    OrderMoneyService,
  ],
  exports: [
    OrderBatcher,
    OrdersService,
    OrderReleaseService,
    WaveSummaryService,
    WavesModule,
    OrderPlacementService,
    OrderChangeService,
    OrderMoneyService,
    OrderStateModule,
  ],
})
export class OrdersModule {}
