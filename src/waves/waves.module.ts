import { Module } from '@nestjs/common';
import { WaveLifecycleHooks } from './wave-lifecycle.hooks';
import { WaveLifecycleService } from './wave-lifecycle.service';
import { WaveRecurrenceController } from './wave-recurrence.controller';
import { WaveRecurrenceService } from './wave-recurrence.service';
import { WavesController } from './waves.controller';
import { WavesService } from './waves.service';

@Module({
  controllers: [WavesController, WaveRecurrenceController],
  providers: [WavesService, WaveLifecycleService, WaveLifecycleHooks, WaveRecurrenceService],
  exports: [WavesService, WaveLifecycleService, WaveLifecycleHooks, WaveRecurrenceService],
})
export class WavesModule {}
