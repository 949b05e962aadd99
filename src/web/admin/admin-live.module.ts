import { Module } from '@nestjs/common';
import { OrdersModule } from '../../orders/orders.module';
import { LiveSummaryController } from './live-summary.controller';
import { LiveSummaryService } from './live-summary.service';

/** The live wave room's feed (the pages that show it are in AdminWebModule). */
@Module({
  imports: [OrdersModule],
  controllers: [LiveSummaryController],
  providers: [LiveSummaryService],
  exports: [LiveSummaryService],
})
export class AdminLiveModule {}
