import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { IdParam } from '../common/id-param';
import { IdempotencyKey } from '../common/idempotency-key';
import { DroppingPointView, droppingPointView } from '../dropping-points/dropping-point.view';
import { Role } from '../users/role.enum';
import { deskOrderView, DeskOrdersService } from './desk-orders.service';
import { RecordCashHandoverDto } from './dto/cash-handover.dto';
import { DeskSearchQuery } from './dto/desk-search.query';
import { PartialHandoverDto, PayCashAndHandOverDto, RefundPayoutDto, StockTransferDto } from './dto/desk-steps.dto';
import { HandoverDto, NoShowDto } from './dto/handover.dto';
import { ListDeskOrdersQuery } from './dto/list-desk-orders.query';
import { RecordPaymentDto, ReversePaymentDto } from './dto/payment.dto';
import { RecordReceiptDto, WaveQuery } from './dto/receipt.dto';
import { CashService } from './cash.service';
import { HandoverService } from './handover.service';
import { Outcome } from './desk-idempotency';
import { DeskSearchService } from './desk-search.service';
import { PaymentView, paymentView } from './payment.view';
import { PaymentsService } from './payments.service';
import { pickupListCsv, pickupListHtml } from './pickup-list';
import { ReceiptsService } from './receipts.service';
import { RefundPayoutsService } from './refund-payouts.service';
import { TransfersService } from './transfers.service';
import { StockTransferResponse } from './dto/stock-transfer.response';
import { CashCustodyResponse } from './dto/cash-custody.response';
import { ReceiptRecordedResponse, ReceiptsResponse } from './dto/receipt.response';
import { CashHandoverResponse } from './dto/cash-handover.response';
import { DeskOrderResponse } from './dto/desk-order.response';

const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description: 'A retried request with the same key and body gets the first answer again (same key, other body: 422)',
};

/** The answer of an action that may be a replay, marked as orders are. */
function answer<T>(reply: FastifyReply, outcome: Outcome<T>): T {
  if (outcome.replayed) void reply.header('idempotent-replayed', 'true');
  return outcome.answer;
}

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
    private readonly searches: DeskSearchService,
    private readonly refundPayouts: RefundPayoutsService,
    private readonly transfers: TransfersService,
  ) {}

  /** The points an officer works at: where their desk is. */
  @Get('me/dropping-points')
  @Roles(Role.Officer)
  @ApiOkResponse({ type: DroppingPointView, isArray: true })
  async myPoints(@CurrentUser() user: AuthUser) {
    return (await this.deskOrders.pointsOf(user.userId)).map(droppingPointView);
  }

  @Get('dropping-points/:id/orders')
  @Roles(Role.Officer, Role.Admin)
  @ApiOkResponse({
    type: DeskOrderResponse,
    isArray: true,
    headers: { 'x-total-count': { description: 'Orders matching the filters, over all pages', schema: { type: 'integer' } } },
  })
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

  /** Search as the officer types: the best matches of the point's orders in the wave. */
  @Get('dropping-points/:id/search')
  @Roles(Role.Officer, Role.Admin)
  @ApiOkResponse({ type: DeskOrderResponse, isArray: true })
  async search(@IdParam() pointId: string, @Query() query: DeskSearchQuery, @CurrentUser() user: AuthUser) {
    return (await this.searches.search(pointId, query.waveId, user, query.q, query.limit ?? 20)).map(deskOrderView);
  }

  @Get('dropping-points/:id/pickup-list.csv')
  @Roles(Role.Officer, Role.Admin)
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The pickup list as CSV', schema: { type: 'string', format: 'binary' } })
  async pickupListCsv(
    @IdParam() pointId: string,
    @Query() query: WaveQuery,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
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
  @ApiOkResponse({ description: 'The pickup list as a printable page', schema: { type: 'string' } })
  async pickupListHtml(
    @IdParam() pointId: string,
    @Query() query: WaveQuery,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { header, rows } = await this.deskOrders.pickupList(pointId, user, query.waveId);
    void reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'private, no-store')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
    return pickupListHtml(header, rows);
  }

  @Post('orders/:id/payments')
  @Roles(Role.Officer, Role.Admin)
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiCreatedResponse({ type: PaymentView })
  async recordPayment(
    @IdParam() orderId: string,
    @Body() body: RecordPaymentDto,
    @IdempotencyKey() key: string | null,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return answer(reply, await this.payments.record(orderId, user, body, key));
  }

  @Get('orders/:id/payments')
  @Roles(Role.Officer, Role.Admin)
  @ApiOkResponse({ type: PaymentView, isArray: true })
  async listPayments(@IdParam() orderId: string, @CurrentUser() user: AuthUser) {
    return (await this.payments.listForOrder(orderId, user)).map(paymentView);
  }

  @Post('payments/:id/reverse')
  @Roles(Role.Admin)
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: PaymentView })
  async reversePayment(@IdParam() paymentId: string, @Body() body: ReversePaymentDto, @CurrentUser() user: AuthUser) {
    return paymentView(await this.payments.reverse(paymentId, user, body.reason));
  }

  @Post('orders/:id/handover')
  @Roles(Role.Officer, Role.Admin)
  @HttpCode(HttpStatus.OK)
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOkResponse({ type: DeskOrderResponse })
  async handOver(
    @IdParam() orderId: string,
    @Body() body: HandoverDto,
    @IdempotencyKey() key: string | null,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return answer(reply, await this.handovers.handOver(orderId, user, body.pickupCode, key));
  }

  @Post('orders/:id/pay-and-handover')
  @Roles(Role.Officer, Role.Admin)
  @HttpCode(HttpStatus.OK)
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOperation({
    summary: 'Bayar tunai & serahkan: the exact cash taken and the packs handed over against the pickup code, in one action',
  })
  @ApiOkResponse({ type: DeskOrderResponse })
  async payAndHandOver(
    @IdParam() orderId: string,
    @Body() body: PayCashAndHandOverDto,
    @IdempotencyKey() key: string | null,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return answer(reply, await this.handovers.payCashAndHandOver(orderId, user, body, key));
  }

  @Post('orders/:id/partial-handover')
  @Roles(Role.Officer, Role.Admin)
  @HttpCode(HttpStatus.OK)
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOperation({ summary: 'Hand over fewer packs than ordered (the point is short); the rest stays owed until the final hand-over' })
  @ApiOkResponse({ type: DeskOrderResponse })
  async partialHandover(
    @IdParam() orderId: string,
    @Body() body: PartialHandoverDto,
    @IdempotencyKey() key: string | null,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return answer(reply, await this.handovers.handOverPart(orderId, user, body, key));
  }

  @Post('orders/:id/refund-payouts')
  @Roles(Role.Officer, Role.Admin)
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOperation({ summary: "Pay back in cash at the desk everything owed back on the order, out of the officer's cash custody" })
  @ApiCreatedResponse({ type: DeskOrderResponse })
  async payOutRefund(
    @IdParam() orderId: string,
    @Body() body: RefundPayoutDto,
    @IdempotencyKey() key: string | null,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return answer(reply, await this.refundPayouts.payOut(orderId, user, body, key));
  }

  @Post('dropping-points/:id/transfers')
  @Roles(Role.Officer, Role.Admin)
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOperation({ summary: 'Move surplus packs to another dropping point: recorded out here and in there, stock at both ends' })
  @ApiCreatedResponse({ type: StockTransferResponse })
  async transfer(
    @IdParam() pointId: string,
    @Body() body: StockTransferDto,
    @IdempotencyKey() key: string | null,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return answer(reply, await this.transfers.record(pointId, user, body, key));
  }

  @Post('orders/:id/no-show')
  @Roles(Role.Officer, Role.Admin)
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: DeskOrderResponse })
  async noShow(@IdParam() orderId: string, @Body() body: NoShowDto, @CurrentUser() user: AuthUser) {
    await this.handovers.cancelNoShow(orderId, user, body.note);
    return deskOrderView(await this.deskOrders.getOne(orderId));
  }

  @Get('orders/:id/qr.png')
  @Roles(Role.Buyer, Role.Officer)
  @ApiProduces('image/png')
  @ApiOkResponse({ description: 'A PNG QR code holding the pickup code', schema: { type: 'string', format: 'binary' } })
  async qr(@IdParam() orderId: string, @CurrentUser() user: AuthUser, @Res({ passthrough: true }) reply: FastifyReply) {
    const png = await this.handovers.qrPng(orderId, user);
    void reply.type('image/png').header('cache-control', 'private, no-store');
    return png;
  }

  @Post('dropping-points/:id/receipts')
  @Roles(Role.Officer, Role.Admin)
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiCreatedResponse({ type: ReceiptRecordedResponse })
  async recordReceipt(
    @IdParam() pointId: string,
    @Body() body: RecordReceiptDto,
    @IdempotencyKey() key: string | null,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return answer(reply, await this.receipts.record(pointId, user, body, key));
  }

  @Get('dropping-points/:id/receipts')
  @Roles(Role.Officer, Role.Admin)
  @ApiOkResponse({ type: ReceiptsResponse })
  async listReceipts(@IdParam() pointId: string, @Query() query: WaveQuery, @CurrentUser() user: AuthUser) {
    return this.receipts.list(pointId, user, query.waveId);
  }

  @Get('waves/:id/cash')
  @Roles(Role.Officer, Role.Admin)
  @ApiOkResponse({ type: CashCustodyResponse })
  async custody(@IdParam() waveId: string, @CurrentUser() user: AuthUser) {
    return this.cash.custody(waveId, user);
  }

  @Get('waves/:id/cash-handovers')
  @Roles(Role.Officer, Role.Admin)
  @ApiOkResponse({ type: CashHandoverResponse, isArray: true })
  async listCashHandovers(@IdParam() waveId: string, @CurrentUser() user: AuthUser) {
    return this.cash.listHandovers(waveId, user);
  }

  @Post('waves/:id/cash-handovers')
  @Roles(Role.Officer, Role.Admin)
  @ApiCreatedResponse({ type: CashHandoverResponse })
  async recordCashHandover(@IdParam() waveId: string, @Body() body: RecordCashHandoverDto, @CurrentUser() user: AuthUser) {
    return this.cash.recordHandover(waveId, user, body);
  }

  @Post('cash-handovers/:id/confirm')
  @Roles(Role.Admin)
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: CashHandoverResponse })
  async confirmCashHandover(@IdParam() handoverId: string, @CurrentUser() user: AuthUser) {
    return this.cash.confirm(handoverId, user);
  }
}
