import { Module } from '@nestjs/common';
import { CooperativesModule } from '../../cooperatives/cooperatives.module';
import { PurchaseOrdersModule } from '../../purchase-orders/purchase-orders.module';
import { KoperasiPagesController } from './koperasi-pages.controller';
import { KoperasiPagesService } from './koperasi-pages.service';

@Module({
  imports: [PurchaseOrdersModule, CooperativesModule],
  controllers: [KoperasiPagesController],
  providers: [KoperasiPagesService],
})
export class KoperasiPagesModule {}
