import { Module } from '@nestjs/common';
import { DroppingPointsModule } from '../dropping-points/dropping-points.module';
import { OrdersModule } from '../orders/orders.module';
import { PaymentsRepository } from '../payments/payments.repository';
import { CashRepository } from './cash.repository';
import { CashService } from './cash.service';
import { DeskIdempotency } from './desk-idempotency';
import { DeskOrdersRepository } from './desk-orders.repository';
import { DeskOrdersService } from './desk-orders.service';
import { DeskSearchService } from './desk-search.service';
import { DeskTransactions } from './desk-transactions';
import { DeskController } from './desk.controller';
import { DeskRepository } from './desk.repository';
import { HandoverRepository } from './handover.repository';
import { HandoverService } from './handover.service';
import { PaymentDeadlineService } from './payment-deadline.service';
import { DeskPaymentsRepository } from './payments.repository';
import { PaymentsService } from './payments.service';
import { ReceiptsRepository } from './receipts.repository';
import { ReceiptsService } from './receipts.service';
import { RefundPayoutsRepository } from './refund-payouts.repository';
import { RefundPayoutsService } from './refund-payouts.service';
import { StandingPayments } from './standing-payment';
import { TransfersService } from './transfers.service';
import { StockRepository } from './stock.repository';
import { StockService } from './stock.service';

/** The dropping-point desk: payments, cash custody, goods receipts, hand-over, no-shows, pickup lists. */
@Module({
  imports: [OrdersModule, DroppingPointsModule],
  controllers: [DeskController],
  providers: [
    DeskRepository,
    DeskOrdersRepository,
    StockRepository,
    ReceiptsRepository,
    DeskPaymentsRepository,
    HandoverRepository,
    RefundPayoutsRepository,
    CashRepository,
    // The gateway refunds a cash payout settles; provided here, as PaymentsModule imports this module.
    PaymentsRepository,
    DeskTransactions,
    StandingPayments,
    DeskIdempotency,
    DeskSearchService,
    StockService,
    DeskOrdersService,
    PaymentsService,
    HandoverService,
    ReceiptsService,
    CashService,
    PaymentDeadlineService,
    RefundPayoutsService,
    TransfersService,
  ],
  exports: [
    DeskRepository,
    DeskPaymentsRepository,
    StandingPayments,
    StockService,
    DeskTransactions,
    DeskOrdersService,
    ReceiptsService,
    CashService,
    HandoverService,
    RefundPayoutsService,
    TransfersService,
  ],
})
export class DeskModule {}
