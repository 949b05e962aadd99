import { Module } from '@nestjs/common';
import { OrdersModule } from '../../orders/orders.module';
import { AdminPagesRepository } from './admin-pages.repository';
import { LiveSummaryController } from './live-summary.controller';
import { LiveSummaryService } from './live-summary.service';

/** The live wave room's feed (the pages that show it are in AdminWebModule, which reads its lists through the same repository). */
@Module({
  imports: [OrdersModule],
  controllers: [LiveSummaryController],
  providers: [LiveSummaryService, AdminPagesRepository],
  exports: [LiveSummaryService, AdminPagesRepository],
})
export class AdminLiveModule {}
