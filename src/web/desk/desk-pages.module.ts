import { Module } from '@nestjs/common';
import { DeliveryModule } from '../../delivery/delivery.module';
import { DeskModule } from '../../desk/desk.module';
import { DeskPagesController } from './desk-pages.controller';
import { DeskPointPagesController } from './desk-point-pages.controller';
import { DeskPagesService } from './desk-pages.service';

@Module({
  imports: [DeskModule, DeliveryModule],
  controllers: [DeskPagesController, DeskPointPagesController],
  providers: [DeskPagesService],
})
export class DeskPagesModule {}
