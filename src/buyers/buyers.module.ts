import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { WavesModule } from '../waves/waves.module';
import { BuyerAccountController } from './buyer-account.controller';
import { BuyerAccountService } from './buyer-account.service';
import { BuyerAllowanceService } from './buyer-allowance.service';
import { BuyersController } from './buyers.controller';
import { BuyersRepository } from './buyers.repository';
import { BuyersService } from './buyers.service';
import { RegistrationCodes } from './registration-codes';

@Module({
  imports: [NotificationsModule, WavesModule],
  controllers: [BuyersController, BuyerAccountController],
  providers: [BuyersService, BuyersRepository, RegistrationCodes, BuyerAccountService, BuyerAllowanceService],
  exports: [BuyersService, BuyersRepository, BuyerAccountService, BuyerAllowanceService],
})
export class BuyersModule {}
