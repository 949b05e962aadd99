import { Module } from '@nestjs/common';
import { BuyerDirectoryModule } from '../buyers/buyer-directory.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { CashRepository } from '../desk/cash.repository';
import { CashService } from '../desk/cash.service';
import { PaymentsRepository } from '../payments/payments.repository';
import { RefundsService } from '../payments/refunds.service';
import { PurchaseOrdersModule } from '../purchase-orders/purchase-orders.module';
import { VouchersModule } from '../vouchers/vouchers.module';
import { WavesModule } from '../waves/waves.module';
import { ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';
import { UptakeController } from './uptake.controller';
import { UptakeService } from './uptake.service';

/**
 * The programme's reports and a wave's uptake. Every figure comes from the owning module's service:
 * cash custody and refunds from the desk's and the payments' (CashService, RefundsService:
 * stateless, each needs only the database and the audit trail, provided here so the reports do not
 * pull in the payment gateway), paid per method from the vouchers', courier fees from delivery's,
 * lost and surplus stock from the purchase orders', the civil servants from the buyer directory.
 */
@Module({
  imports: [WavesModule, BuyerDirectoryModule, VouchersModule, DeliveryModule, PurchaseOrdersModule],
  controllers: [ReportsController, UptakeController],
  providers: [ReportsService, ReportsRepository, CashService, CashRepository, PaymentsRepository, RefundsService, UptakeService],
  exports: [ReportsService, UptakeService],
})
export class ReportsModule {}
