import { Module } from '@nestjs/common';
import { DroppingPointsController } from './dropping-points.controller';
import { DroppingPointsService } from './dropping-points.service';

@Module({
  controllers: [DroppingPointsController],
  providers: [DroppingPointsService],
  exports: [DroppingPointsService],
})
export class DroppingPointsModule {}
