import { Module } from '@nestjs/common';
import { WaveLifecycleHooks } from './wave-lifecycle.hooks';
import { WaveLifecycleService } from './wave-lifecycle.service';
import { WavesController } from './waves.controller';
import { WavesService } from './waves.service';

@Module({
  controllers: [WavesController],
  providers: [WavesService, WaveLifecycleService, WaveLifecycleHooks],
  exports: [WavesService, WaveLifecycleService, WaveLifecycleHooks],
})
export class WavesModule {}
