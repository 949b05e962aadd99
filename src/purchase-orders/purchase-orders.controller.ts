import { Body, Controller, Get, HttpCode, HttpStatus, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { IdParam } from '../common/id-param';
import { Role } from '../users/role.enum';
import { ConfirmPurchaseOrderDto } from './dto/confirm-purchase-order.dto';
import { CreateShipmentDto } from './dto/create-shipment.dto';
import { PurchaseOrderDocument } from './purchase-order-document';
import { purchaseOrderCsv } from './purchase-order-csv';
import { purchaseOrderPdf } from './purchase-order-pdf';
import { PurchaseOrdersService } from './purchase-orders.service';

const fileName = (po: PurchaseOrderDocument, extension: string) => `${po.number}.${extension}`;

@ApiTags('purchase-orders')
@Controller()
export class PurchaseOrdersController {
  constructor(private readonly purchaseOrders: PurchaseOrdersService) {}

  /** Made when the wave closes, one per cooperative; a cooperative manager sees only their own. */
  @Get('waves/:id/purchase-orders')
  @Roles(Role.Admin, Role.CoopManager)
  list(@IdParam() waveId: string, @CurrentUser() user: AuthUser) {
    return this.purchaseOrders.listForWave(waveId, user);
  }

  /** The snapshot made at closing (ordered), the amendments since, and what is left to deliver (toDeliver). */
  @Get('purchase-orders/:id')
  @Roles(Role.Admin, Role.CoopManager)
  get(@IdParam() id: string, @CurrentUser() user: AuthUser) {
    return this.purchaseOrders.get(id, user);
  }

  /** The loading list as CSV: per dropping point, product and pack size, ordered and to deliver. */
  @Get('purchase-orders/:id.csv')
  @Roles(Role.Admin, Role.CoopManager)
  @ApiProduces('text/csv')
  async csv(@IdParam() id: string, @CurrentUser() user: AuthUser, @Res({ passthrough: true }) reply: FastifyReply) {
    const po = await this.purchaseOrders.get(id, user);
    void reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${fileName(po, 'csv')}"`)
      .header('cache-control', 'private, no-store');
    return purchaseOrderCsv(po);
  }

  /** The purchase order as a printable letter with signature lines. */
  @Get('purchase-orders/:id.pdf')
  @Roles(Role.Admin, Role.CoopManager)
  @ApiProduces('application/pdf')
  async pdf(@IdParam() id: string, @CurrentUser() user: AuthUser, @Res({ passthrough: true }) reply: FastifyReply) {
    const po = await this.purchaseOrders.get(id, user);
    const body = await purchaseOrderPdf(po);
    void reply
      .type('application/pdf')
      .header('content-disposition', `inline; filename="${fileName(po, 'pdf')}"`)
      .header('cache-control', 'private, no-store');
    return body;
  }

  /**
   * The cooperative confirms, optionally declaring per product the kg it cannot supply: the
   * shortfall is cut from buyers' orders, latest first (only before the payment deadline).
   */
  @Post('purchase-orders/:id/confirm')
  @Roles(Role.CoopManager, Role.Admin)
  @HttpCode(HttpStatus.OK)
  confirm(@IdParam() id: string, @Body() body: ConfirmPurchaseOrderDto, @CurrentUser() user: AuthUser) {
    return this.purchaseOrders.confirm(id, user, body);
  }

  /** Marks one dropping point's delivery as shipped; the last one needed moves the wave to delivered. */
  @Post('purchase-orders/:id/shipments')
  @Roles(Role.CoopManager, Role.Admin)
  ship(@IdParam() id: string, @Body() body: CreateShipmentDto, @CurrentUser() user: AuthUser) {
    return this.purchaseOrders.ship(id, user, body);
  }

  /** What a shortfall did to an order, and why: for its buyer, its officer and administrators. */
  @Get('orders/:id/amendments')
  @Roles(Role.Buyer, Role.Officer, Role.Admin)
  @ApiOkResponse({ description: 'Shortfall cuts of the order, with the refund due when it had been paid' })
  amendments(@IdParam() id: string, @CurrentUser() user: AuthUser) {
    return this.purchaseOrders.amendmentsOfOrder(id, user);
  }
}
