import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Public, Roles } from '../auth/auth.decorators';
import { DomainError, ErrorCode } from '../common/domain-error';
import { IdParam } from '../common/id-param';
import { Role } from '../users/role.enum';
import { RefundsQuery, SettleRefundDto } from './dto/refund.dto';
import { GatewayPaymentsService } from './gateway-payments.service';
import { PaymentGateway } from './gateway/payment-gateway';
import { CALLBACK_TOKEN_HEADER } from './gateway/xendit-qr.gateway';
import { QrisService } from './qris.service';
import { RefundsService } from './refunds.service';
import { GatewayCallbackResponse } from './dto/gateway-callback.response';
import { RefundResponse } from './dto/refund.response';
import { QrisStateResponse } from './dto/qris.response';
import { QrisReconciliationResponse } from './dto/qris-reconciliation.response';

@ApiTags('payments')
@Controller()
export class PaymentsController {
  constructor(
    private readonly qris: QrisService,
    private readonly gatewayPayments: GatewayPaymentsService,
    private readonly gateway: PaymentGateway,
    private readonly refunds: RefundsService,
  ) {}

  @Post('orders/:id/qris')
  @Roles(Role.Buyer)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Bayar dengan QRIS: the dynamic QRIS code for the order total (created or reused), with its expiry' })
  @ApiOkResponse({ type: QrisStateResponse })
  open(@IdParam() orderId: string, @CurrentUser() user: AuthUser) {
    return this.qris.open(orderId, user);
  }

  @Get('orders/:id/qris')
  @Roles(Role.Buyer)
  @ApiOperation({ summary: 'The latest QRIS code of the order and whether the order is paid (the order page polls this)' })
  @ApiOkResponse({ type: QrisStateResponse })
  state(@IdParam() orderId: string, @CurrentUser() user: AuthUser) {
    return this.qris.state(orderId, user);
  }

  @Get('orders/:id/qris.png')
  @Roles(Role.Buyer)
  @ApiProduces('image/png')
  @ApiOkResponse({ description: 'The pending QRIS code as a PNG', schema: { type: 'string', format: 'binary' } })
  async png(@IdParam() orderId: string, @CurrentUser() user: AuthUser, @Res({ passthrough: true }) reply: FastifyReply) {
    const png = await this.qris.png(orderId, user);
    void reply.type('image/png').header('cache-control', 'private, no-store');
    return png;
  }

  /** Xendit's `qr.payment` callback; the verification token is the only proof it comes from the gateway. */
  @Post('payments/xendit/callback')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Payment-gateway callback (x-callback-token)' })
  @ApiOkResponse({ type: GatewayCallbackResponse })
  async callback(@Req() request: FastifyRequest, @Headers(CALLBACK_TOKEN_HEADER) token: string | undefined) {
    if (!token || !this.gateway.verifyCallback(request.headers)) {
      throw new DomainError(ErrorCode.WebhookSignatureInvalid, 'The callback token is missing or wrong');
    }
    const report = this.gateway.parseCallback(request.body);
    if (!report) return { received: true, ignored: true };
    const received = await this.gatewayPayments.receive(report, 'callback');
    return { received: true, ...received };
  }

  @Get('refunds')
  @Roles(Role.Admin)
  @ApiOperation({ summary: "Refunds owed (or settled) for a wave's gateway payments no order could take" })
  @ApiOkResponse({ type: RefundResponse, isArray: true })
  list(@Query() query: RefundsQuery) {
    return this.refunds.list(query.waveId, query.status);
  }

  @Post('refunds/:id/settle')
  @Roles(Role.Admin)
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: RefundResponse })
  settle(@IdParam() refundId: string, @Body() body: SettleRefundDto, @CurrentUser() user: AuthUser) {
    return this.refunds.settle(refundId, user, body.reference);
  }

  @Get('waves/:id/qris/reconciliation')
  @Roles(Role.Admin)
  @ApiOperation({ summary: 'What the gateway reported settled for the wave against what the service recorded, to the rupiah' })
  @ApiOkResponse({ type: QrisReconciliationResponse })
  reconciliation(@IdParam() waveId: string) {
    return this.refunds.reconciliation(waveId);
  }
}
