import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { IdParam } from '../common/id-param';
import { Role } from '../users/role.enum';
import { DEFAULT_LOCALE, isLocale, Locale } from '../web/i18n';
import { LOCALE_COOKIE } from '../web/pages';
import { ConfirmPurchaseOrderDto } from './dto/confirm-purchase-order.dto';
import { CreateShipmentDto } from './dto/create-shipment.dto';
import { SettleSurplusDto } from './dto/settle-surplus.dto';
import { PurchaseOrderDocument } from './purchase-order-document';
import { purchaseOrderCsv } from './purchase-order-csv';
import { purchaseOrderPdf, pdfTextFor } from './purchase-order-pdf';
import { PurchaseOrdersService } from './purchase-orders.service';
import { PurchaseOrderDelivery, PurchaseOrderDocumentResponse, PurchaseOrderResponse } from './dto/purchase-order.response';
import { OrderAmendmentsResponse } from './dto/order-amendments.response';
import { InvoiceResponse } from './dto/invoice.response';
import { ShipmentResponse } from './dto/shipment.response';

const fileName = (po: PurchaseOrderDocument, extension: string) => `${po.number}.${extension}`;

/**
 * The reader's language for a document: `?lang=id|en`, else the pages' language cookie (as the
 * web pages choose it), else the first of Accept-Language that the catalogue has; Bahasa Indonesia
 * by default.
 */
export function documentLocale(request: FastifyRequest): Locale {
  const query = (request.query as Record<string, unknown> | undefined)?.lang;
  if (isLocale(query)) return query;
  const cookie = request.cookies?.[LOCALE_COOKIE];
  if (isLocale(cookie)) return cookie;
  for (const part of String(request.headers['accept-language'] ?? '').split(',')) {
    const language = part.split(';')[0].trim().slice(0, 2).toLowerCase();
    if (isLocale(language)) return language;
  }
  return DEFAULT_LOCALE;
}

@ApiTags('purchase-orders')
@Controller()
export class PurchaseOrdersController {
  constructor(private readonly purchaseOrders: PurchaseOrdersService) {}

  /** Made when the wave closes, one per cooperative; a cooperative manager sees only their own. */
  @Get('waves/:id/purchase-orders')
  @Roles(Role.Admin, Role.CoopManager)
  @ApiOkResponse({ type: PurchaseOrderResponse, isArray: true })
  list(@IdParam() waveId: string, @CurrentUser() user: AuthUser) {
    return this.purchaseOrders.listForWave(waveId, user);
  }

  /** The snapshot made at closing (ordered), the amendments since, and what is left to deliver (toDeliver). */
  @Get('purchase-orders/:id')
  @Roles(Role.Admin, Role.CoopManager)
  @ApiOkResponse({ type: PurchaseOrderResponse })
  get(@IdParam() id: string, @CurrentUser() user: AuthUser) {
    return this.purchaseOrders.get(id, user);
  }

  /** The loading list as CSV: per dropping point, product and pack size, ordered and to deliver. */
  @Get('purchase-orders/:id.csv')
  @Roles(Role.Admin, Role.CoopManager)
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The loading list as CSV', schema: { type: 'string', format: 'binary' } })
  async csv(@IdParam() id: string, @CurrentUser() user: AuthUser, @Res({ passthrough: true }) reply: FastifyReply) {
    const po = await this.purchaseOrders.get(id, user);
    void reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${fileName(po, 'csv')}"`)
      .header('cache-control', 'private, no-store');
    return purchaseOrderCsv(po);
  }

  /** The purchase order as a printable letter with signature lines, in Bahasa Indonesia unless the reader asks for English. */
  @Get('purchase-orders/:id.pdf')
  @Roles(Role.Admin, Role.CoopManager)
  @ApiProduces('application/pdf')
  @ApiQuery({
    name: 'lang',
    required: false,
    enum: ['id', 'en'],
    description: 'Else the language cookie, else Accept-Language; id by default',
  })
  @ApiOkResponse({ description: 'The purchase order as a PDF letter', schema: { type: 'string', format: 'binary' } })
  async pdf(
    @IdParam() id: string,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const po = await this.purchaseOrders.get(id, user);
    const locale = documentLocale(request);
    const body = await purchaseOrderPdf(po, pdfTextFor(locale));
    void reply
      .type('application/pdf')
      .header('content-disposition', `inline; filename="${fileName(po, 'pdf')}"`)
      .header('content-language', locale)
      .header('cache-control', 'private, no-store');
    return body;
  }

  /**
   * What the programme owes the cooperative for the wave: the goods received at the dropping points
   * (at most what was shipped) at the wave's pack prices, with the shortfall, cancellations, packs
   * shipped short and transport losses taken off and shown.
   */
  @Get('purchase-orders/:id/invoice')
  @Roles(Role.Admin, Role.CoopManager)
  @ApiOkResponse({ type: InvoiceResponse })
  invoice(@IdParam() id: string, @CurrentUser() user: AuthUser) {
    return this.purchaseOrders.invoice(id, user);
  }

  /**
   * The cooperative confirms, optionally declaring per product the kg it cannot supply: the
   * shortfall is cut from buyers' orders, latest first (only before the payment deadline).
   */
  @Post('purchase-orders/:id/confirm')
  @Roles(Role.CoopManager, Role.Admin)
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: PurchaseOrderDocumentResponse })
  confirm(@IdParam() id: string, @Body() body: ConfirmPurchaseOrderDto, @CurrentUser() user: AuthUser) {
    return this.purchaseOrders.confirm(id, user, body);
  }

  /** Marks one dropping point's delivery as shipped; the last one needed moves the wave to delivered. */
  @Post('purchase-orders/:id/shipments')
  @Roles(Role.CoopManager, Role.Admin)
  @ApiCreatedResponse({ type: ShipmentResponse })
  ship(@IdParam() id: string, @Body() body: CreateShipmentDto, @CurrentUser() user: AuthUser) {
    return this.purchaseOrders.ship(id, user, body);
  }

  /**
   * Packs received at a dropping point beyond what was shipped: returned to the cooperative (its
   * manager or an administrator records it) or settled, kept and paid for (an administrator only).
   */
  @Post('purchase-orders/:id/surplus')
  @Roles(Role.CoopManager, Role.Admin)
  @ApiCreatedResponse({ type: PurchaseOrderDelivery })
  settleSurplus(@IdParam() id: string, @Body() body: SettleSurplusDto, @CurrentUser() user: AuthUser) {
    return this.purchaseOrders.settleSurplus(id, user, body);
  }

  /** What a shortfall did to an order, and why: for its buyer, its officer and administrators. */
  @Get('orders/:id/amendments')
  @Roles(Role.Buyer, Role.Officer, Role.Admin)
  @ApiOkResponse({ type: OrderAmendmentsResponse, description: 'Shortfall cuts of the order, with the refund due when it had been paid' })
  amendments(@IdParam() id: string, @CurrentUser() user: AuthUser) {
    return this.purchaseOrders.amendmentsOfOrder(id, user);
  }
}
