import { Module } from '@nestjs/common';
import { DeskModule } from '../../desk/desk.module';
import { DeskPagesController } from './desk-pages.controller';
import { DeskPagesService } from './desk-pages.service';

@Module({
  imports: [DeskModule],
  controllers: [DeskPagesController],
  providers: [DeskPagesService],
})
export class DeskPagesModule {}
