import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { BuyersController } from './buyers.controller';
import { BuyersService } from './buyers.service';
import { RegistrationCodes } from './registration-codes';

@Module({
  imports: [NotificationsModule],
  controllers: [BuyersController],
  providers: [BuyersService, RegistrationCodes],
  exports: [BuyersService],
})
export class BuyersModule {}
