import { Module } from '@nestjs/common';
import { SessionPagesController } from './session-pages.controller';

/** `/`, login, logout and the language switch; the page helpers themselves are plain functions (pages.ts). */
@Module({ controllers: [SessionPagesController] })
export class WebFoundationModule {}
