import { Global, Module } from '@nestjs/common';
import { PeriodicTasks } from './periodic-tasks';

/** Periodic loops (PeriodicTasks) for every module of the process. */
@Global()
@Module({ providers: [PeriodicTasks], exports: [PeriodicTasks] })
export class SchedulingModule {}
