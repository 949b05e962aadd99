import { Module } from '@nestjs/common';
import { DroppingPointsController } from './dropping-points.controller';
import { DroppingPointsRepository } from './dropping-points.repository';
import { DroppingPointsService } from './dropping-points.service';

@Module({
  controllers: [DroppingPointsController],
  providers: [DroppingPointsService, DroppingPointsRepository],
  exports: [DroppingPointsService],
})
export class DroppingPointsModule {}
