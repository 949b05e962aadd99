import { Module } from '@nestjs/common';
import { CooperativesModule } from '../cooperatives/cooperatives.module';
import { WaveLifecycleService } from './wave-lifecycle.service';
import { WaveProgressService } from './wave-progress.service';
import { WaveRecurrenceController } from './wave-recurrence.controller';
import { WaveRecurrenceService } from './wave-recurrence.service';
import { WaveStateService } from './wave-state.service';
import { WavesController } from './waves.controller';
import { WavesRepository } from './waves.repository';
import { WavesService } from './waves.service';

@Module({
  imports: [CooperativesModule],
  controllers: [WavesController, WaveRecurrenceController],
  providers: [WavesRepository, WavesService, WaveStateService, WaveLifecycleService, WaveProgressService, WaveRecurrenceService],
  exports: [WavesRepository, WavesService, WaveStateService, WaveLifecycleService, WaveProgressService, WaveRecurrenceService],
})
export class WavesModule {}
