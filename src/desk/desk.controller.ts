import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { IdParam } from '../common/id-param';
import { droppingPointView } from '../dropping-points/dropping-point.view';
import { Role } from '../users/role.enum';
import { deskOrderView, DeskOrdersService } from './desk-orders.service';
import { RecordCashHandoverDto } from './dto/cash-handover.dto';
import { HandoverDto, NoShowDto } from './dto/handover.dto';
import { ListDeskOrdersQuery } from './dto/list-desk-orders.query';
import { RecordPaymentDto, ReversePaymentDto } from './dto/payment.dto';
import { RecordReceiptDto, WaveQuery } from './dto/receipt.dto';
import { CashService } from './cash.service';
import { HandoverService } from './handover.service';
import { paymentView } from './payment.view';
import { PaymentsService } from './payments.service';
import { pickupListCsv, pickupListHtml } from './pickup-list';
import { ReceiptsService } from './receipts.service';

/**
 * The dropping-point desk. Officers act only at their own points (403 elsewhere); administrators
 * everywhere. Buyers reach only the QR code of their own order (404 for anyone else's).
 */
@ApiTags('desk')
@Controller()
export class DeskController {
  constructor(
    private readonly deskOrders: DeskOrdersService,
    private readonly payments: PaymentsService,
    private readonly handovers: HandoverService,
    private readonly receipts: ReceiptsService,
    private readonly cash: CashService,
  ) {}

  /** The points an officer works at: where their desk is. */
  @Get('me/dropping-points')
  @Roles(Role.Officer)
  async myPoints(@CurrentUser() user: AuthUser) {
    return (await this.deskOrders.pointsOf(user.userId)).map(droppingPointView);
  }

  @Get('dropping-points/:id/orders')
  @Roles(Role.Officer, Role.Admin)
  async listOrders(
    @IdParam() pointId: string,
    @Query() query: ListDeskOrdersQuery,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { rows, total } = await this.deskOrders.list(pointId, user, query);
    void reply.header('x-total-count', String(total));
    return rows.map(deskOrderView);
  }

  @Get('dropping-points/:id/pickup-list.csv')
  @Roles(Role.Officer, Role.Admin)
  @ApiProduces('text/csv')
  async pickupListCsv(@IdParam() pointId: string, @Query() query: WaveQuery, @CurrentUser() user: AuthUser, @Res({ passthrough: true }) reply: FastifyReply) {
    const { rows } = await this.deskOrders.pickupList(pointId, user, query.waveId);
    void reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="pickup-list-${query.waveId.slice(0, 8)}-${pointId.slice(0, 8)}.csv"`)
      .header('cache-control', 'private, no-store');
    return pickupListCsv(rows);
  }

  @Get('dropping-points/:id/pickup-list.html')
  @Roles(Role.Officer, Role.Admin)
  @ApiProduces('text/html')
  async pickupListHtml(@IdParam() pointId: string, @Query() query: WaveQuery, @CurrentUser() user: AuthUser, @Res({ passthrough: true }) reply: FastifyReply) {
    const { header, rows } = await this.deskOrders.pickupList(pointId, user, query.waveId);
    void reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'private, no-store')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
    return pickupListHtml(header, rows);
  }

  @Post('orders/:id/payments')
  @Roles(Role.Officer, Role.Admin)
  async recordPayment(@IdParam() orderId: string, @Body() body: RecordPaymentDto, @CurrentUser() user: AuthUser) {
    return paymentView(await this.payments.record(orderId, user, body));
  }

  @Get('orders/:id/payments')
  @Roles(Role.Officer, Role.Admin)
  async listPayments(@IdParam() orderId: string, @CurrentUser() user: AuthUser) {
    return (await this.payments.listForOrder(orderId, user)).map(paymentView);
  }

  @Post('payments/:id/reverse')
  @Roles(Role.Admin)
  @HttpCode(HttpStatus.OK)
  async reversePayment(@IdParam() paymentId: string, @Body() body: ReversePaymentDto, @CurrentUser() user: AuthUser) {
    return paymentView(await this.payments.reverse(paymentId, user, body.reason));
  }

  @Post('orders/:id/handover')
  @Roles(Role.Officer, Role.Admin)
  @HttpCode(HttpStatus.OK)
  async handOver(@IdParam() orderId: string, @Body() body: HandoverDto, @CurrentUser() user: AuthUser) {
    await this.handovers.handOver(orderId, user, body.pickupCode);
    return deskOrderView(await this.deskOrders.getOne(orderId));
  }

  @Post('orders/:id/no-show')
  @Roles(Role.Officer, Role.Admin)
  @HttpCode(HttpStatus.OK)
  async noShow(@IdParam() orderId: string, @Body() body: NoShowDto, @CurrentUser() user: AuthUser) {
    await this.handovers.cancelUnpaid(orderId, user, body.note);
    return deskOrderView(await this.deskOrders.getOne(orderId));
  }

  @Get('orders/:id/qr.png')
  @Roles(Role.Buyer, Role.Officer)
  @ApiProduces('image/png')
  @ApiOkResponse({ description: 'A PNG QR code holding the pickup code' })
  async qr(@IdParam() orderId: string, @CurrentUser() user: AuthUser, @Res({ passthrough: true }) reply: FastifyReply) {
    const png = await this.handovers.qrPng(orderId, user);
    void reply.type('image/png').header('cache-control', 'private, no-store');
    return png;
  }

  @Post('dropping-points/:id/receipts')
  @Roles(Role.Officer, Role.Admin)
  async recordReceipt(@IdParam() pointId: string, @Body() body: RecordReceiptDto, @CurrentUser() user: AuthUser) {
    return this.receipts.record(pointId, user, body);
  }

  @Get('dropping-points/:id/receipts')
  @Roles(Role.Officer, Role.Admin)
  async listReceipts(@IdParam() pointId: string, @Query() query: WaveQuery, @CurrentUser() user: AuthUser) {
    return this.receipts.list(pointId, user, query.waveId);
  }

  @Get('waves/:id/cash')
  @Roles(Role.Officer, Role.Admin)
  async custody(@IdParam() waveId: string, @CurrentUser() user: AuthUser) {
    return this.cash.custody(waveId, user);
  }

  @Get('waves/:id/cash-handovers')
  @Roles(Role.Officer, Role.Admin)
  async listCashHandovers(@IdParam() waveId: string, @CurrentUser() user: AuthUser) {
    return this.cash.listHandovers(waveId, user);
  }

  @Post('waves/:id/cash-handovers')
  @Roles(Role.Officer, Role.Admin)
  async recordCashHandover(@IdParam() waveId: string, @Body() body: RecordCashHandoverDto, @CurrentUser() user: AuthUser) {
    return this.cash.recordHandover(waveId, user, body);
  }

  @Post('cash-handovers/:id/confirm')
  @Roles(Role.Admin)
  @HttpCode(HttpStatus.OK)
  async confirmCashHandover(@IdParam() handoverId: string, @CurrentUser() user: AuthUser) {
    return this.cash.confirm(handoverId, user);
  }
}
