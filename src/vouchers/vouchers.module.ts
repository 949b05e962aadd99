import { Module } from '@nestjs/common';
import { DeskModule } from '../desk/desk.module';
import { VouchersController } from './vouchers.controller';
import { VouchersRepository } from './vouchers.repository';
import { VouchersService } from './vouchers.service';

/** Programme vouchers (issue 15): issued by the administrator, applied by the buyer, paid through the desk's payment path. */
@Module({
  imports: [DeskModule],
  controllers: [VouchersController],
  providers: [VouchersService, VouchersRepository],
  exports: [VouchersService],
})
export class VouchersModule {}
