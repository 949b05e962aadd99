import { Module } from '@nestjs/common';
import { OutboxRelay } from './outbox-relay';
import { OutboxRepository } from './outbox.repository';
import { OutboxService } from './outbox.service';

/** Writing and settling intents: for every process that changes state (API and workers). */
@Module({
  providers: [OutboxService, OutboxRepository],
  exports: [OutboxService, OutboxRepository],
})
export class OutboxModule {}

/** The relay from PostgreSQL to BullMQ: in the API process only. */
@Module({
  imports: [OutboxModule],
  providers: [OutboxRelay],
  exports: [OutboxRelay, OutboxModule],
})
export class OutboxRelayModule {}
