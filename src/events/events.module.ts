import { Global, Module } from '@nestjs/common';
import { DomainEvents } from './domain-events';

/** One bus per process, reachable from every module that changes state. */
@Global()
@Module({
  providers: [DomainEvents],
  exports: [DomainEvents],
})
export class EventsModule {}
