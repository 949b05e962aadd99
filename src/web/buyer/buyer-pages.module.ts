import { Module } from '@nestjs/common';
import { BuyersModule } from '../../buyers/buyers.module';
import { DeliveryModule } from '../../delivery/delivery.module';
import { DroppingPointsModule } from '../../dropping-points/dropping-points.module';
import { OrdersModule } from '../../orders/orders.module';
import { PaymentsModule } from '../../payments/payments.module';
import { VouchersModule } from '../../vouchers/vouchers.module';
import { PasswordResetPagesController, ProfilePagesController } from './account-pages.controller';
import { OrderPagesController } from './order-pages.controller';
import { RegisterPagesController } from './register-pages.controller';
import { WaveDisplayCache } from './wave-display';
import { WavePagesController } from './wave-pages.controller';

/** The civil servant's pages: registration, waves, ordering, their orders, their profile, a forgotten password. */
@Module({
  imports: [OrdersModule, BuyersModule, DroppingPointsModule, DeliveryModule, PaymentsModule, VouchersModule],
  controllers: [WavePagesController, OrderPagesController, RegisterPagesController, ProfilePagesController, PasswordResetPagesController],
  providers: [WaveDisplayCache],
})
export class BuyerPagesModule {}
