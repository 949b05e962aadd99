import { Global, Module } from '@nestjs/common';
import { QueueRegistry } from './queue-registry';
import { RedisPolicyCheck } from './redis-policy.check';

/** BullMQ for the whole process: queues, workers (worker processes only) and the Redis policy check. */
@Global()
@Module({
  providers: [QueueRegistry, RedisPolicyCheck],
  exports: [QueueRegistry],
})
export class QueuesModule {}
