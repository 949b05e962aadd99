import { Global, Module } from '@nestjs/common';
import { AgenciesController } from './agencies.controller';
import { AgenciesRepository } from './agencies.repository';
import { AgenciesService } from './agencies.service';

/** Global: buyers, rosters and waves all name agencies, and each module stays free of the others. */
@Global()
@Module({
  controllers: [AgenciesController],
  providers: [AgenciesService, AgenciesRepository],
  exports: [AgenciesService],
})
export class AgenciesModule {}
