import { applyDecorators, Controller, Post, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CsrfGuard } from './csrf';
import { WebExceptionFilter } from './web-exception.filter';

/** A controller of HTML pages: errors become pages (or the login form), and it stays out of /docs. */
export const WebController = (prefix = '') => applyDecorators(Controller(prefix), UseFilters(WebExceptionFilter), ApiExcludeController());

/** A page form's POST: the CSRF token is checked (after the global AuthGuard has read the session). */
export const FormPost = (path = '') => applyDecorators(Post(path), UseGuards(CsrfGuard));
