import { Module } from '@nestjs/common';
import { BuyerDirectoryController } from './buyer-directory.controller';
import { BuyerDirectoryRepository } from './buyer-directory.repository';
import { BuyerDirectoryService } from './buyer-directory.service';

/** The administrator's read of the civil servants (registration and profiles are BuyersModule's). */
@Module({
  controllers: [BuyerDirectoryController],
  providers: [BuyerDirectoryService, BuyerDirectoryRepository],
  exports: [BuyerDirectoryService],
})
export class BuyerDirectoryModule {}
