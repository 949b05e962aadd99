import { Module } from '@nestjs/common';
import { BuyerPagesModule } from './buyer/buyer-pages.module';
import { WebFoundationModule } from './web-foundation.module';

/** Every area's pages; an area adds its module here with one line (see README.md beside this file). */
@Module({ imports: [WebFoundationModule, BuyerPagesModule] })
export class WebModule {}
