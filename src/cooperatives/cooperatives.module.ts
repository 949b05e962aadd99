import { Module } from '@nestjs/common';
import { CooperativesController } from './cooperatives.controller';
import { CooperativesRepository } from './cooperatives.repository';
import { CooperativesService } from './cooperatives.service';

@Module({
  controllers: [CooperativesController],
  providers: [CooperativesService, CooperativesRepository],
  exports: [CooperativesService, CooperativesRepository],
})
export class CooperativesModule {}
