import { Module } from '@nestjs/common';
import { BuyerDirectoryModule } from '../buyers/buyer-directory.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { CashService } from '../desk/cash.service';
import { RefundsService } from '../payments/refunds.service';
import { PurchaseOrdersModule } from '../purchase-orders/purchase-orders.module';
import { VouchersModule } from '../vouchers/vouchers.module';
import { WavesModule } from '../waves/waves.module';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';
import { UptakeController } from './uptake.controller';
import { UptakeService } from './uptake.service';

/**
 * The programme's reports. Cash custody and refunds owed come from the desk's and the payments'
 * own services (CashService, RefundsService: stateless, each needs only the database and the
 * audit trail), provided here so the reports do not pull in those modules' controllers and gateways.
 */
@Module({
  imports: [WavesModule, BuyerDirectoryModule, VouchersModule, DeliveryModule, PurchaseOrdersModule],
  controllers: [ReportsController, UptakeController],
  providers: [ReportsService, CashService, RefundsService, UptakeService],
  exports: [ReportsService, UptakeService],
})
export class ReportsModule {}
