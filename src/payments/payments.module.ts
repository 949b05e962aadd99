import { Module } from '@nestjs/common';
import { Environment } from '../config/environment';
import { DeskModule } from '../desk/desk.module';
import { GatewayPaymentsService } from './gateway-payments.service';
import { PaymentGateway } from './gateway/payment-gateway';
import { XenditQrGateway } from './gateway/xendit-qr.gateway';
import { PaymentsController } from './payments.controller';
import { PaymentsRepository } from './payments.repository';
import { QrisService } from './qris.service';
import { PaymentsReconcileService } from './reconcile.service';
import { RefundsService } from './refunds.service';

/** Paying from the phone by dynamic QRIS through a payment gateway (PAYMENTS_DRIVER), and the refunds it can leave owed. */
@Module({
  imports: [DeskModule],
  controllers: [PaymentsController],
  providers: [
    {
      provide: PaymentGateway,
      inject: [Environment],
      // `sim` and `http` speak the same Xendit API; `off` keeps one too, so callbacks are still verified and refused.
      useFactory: (env: Environment): PaymentGateway =>
        new XenditQrGateway({
          driver: env.PAYMENTS_DRIVER,
          baseUrl: env.PAYMENTS_BASE_URL,
          secretKey: env.PAYMENTS_SECRET_KEY,
          callbackToken: env.PAYMENTS_CALLBACK_TOKEN,
          timeoutMs: env.PAYMENTS_TIMEOUT_MS,
        }),
    },
    PaymentsRepository,
    GatewayPaymentsService,
    QrisService,
    PaymentsReconcileService,
    RefundsService,
  ],
  exports: [QrisService],
})
export class PaymentsModule {}
