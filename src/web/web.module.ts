import { Module } from '@nestjs/common';
import { AdminPagesModule } from './admin/admin-pages.module';
import { BuyerPagesModule } from './buyer/buyer-pages.module';
import { DeskPagesModule } from './desk/desk-pages.module';
import { KoperasiPagesModule } from './koperasi/koperasi-pages.module';
import { WebFoundationModule } from './web-foundation.module';

/** Every area's pages; an area adds its module here with one line (see README.md beside this file). */
@Module({ imports: [WebFoundationModule, BuyerPagesModule, DeskPagesModule, KoperasiPagesModule, AdminPagesModule] })
export class WebModule {}
