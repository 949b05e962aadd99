import { Module } from '@nestjs/common';
import { OutboxRelay } from './outbox-relay';
import { OutboxService } from './outbox.service';

/** Writing and settling intents: for every process that changes state (API and workers). */
@Module({
  providers: [OutboxService],
  exports: [OutboxService],
})
export class OutboxModule {}

/** The relay from PostgreSQL to BullMQ: in the API process only. */
@Module({
  imports: [OutboxModule],
  providers: [OutboxRelay],
  exports: [OutboxRelay, OutboxModule],
})
export class OutboxRelayModule {}
