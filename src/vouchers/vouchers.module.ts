import { Module } from '@nestjs/common';
import { DeskModule } from '../desk/desk.module';
import { PaymentsRepository } from '../payments/payments.repository';
import { VouchersController } from './vouchers.controller';
import { VouchersRepository } from './vouchers.repository';
import { VouchersService } from './vouchers.service';

/**
 * Programme vouchers (issue 15): issued by the administrator, applied by the buyer, paid through the desk's payment path.
 * PaymentsRepository (stateless) is provided here to close a QRIS code a voucher made stale without pulling in the gateway.
 */
@Module({
  imports: [DeskModule],
  controllers: [VouchersController],
  providers: [VouchersService, VouchersRepository, PaymentsRepository],
  exports: [VouchersService],
})
export class VouchersModule {}
