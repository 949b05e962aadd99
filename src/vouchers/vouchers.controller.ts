import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { IdParam } from '../common/id-param';
import { Role } from '../users/role.enum';
import { ApplyVoucherDto, IssueVouchersDto } from './dto/issue-vouchers.dto';
import { VouchersService } from './vouchers.service';
import { WavePaymentsByMethodResponse } from './dto/wave-payments.response';
import { VoucherBatchResponse } from './dto/voucher-batch.response';
import { VoucherReportRow } from './dto/voucher-report.response';
import { OrderVoucherResponse } from './dto/order-voucher.response';

@ApiTags('vouchers')
@Controller()
export class VouchersController {
  constructor(private readonly vouchers: VouchersService) {}

  @Post('voucher-batches')
  @Roles(Role.Admin)
  @ApiOperation({ summary: 'Issue programme vouchers: codes to print (count) or one per named civil servant (assignTo)' })
  @ApiCreatedResponse({ type: VoucherBatchResponse })
  issue(@Body() dto: IssueVouchersDto, @CurrentUser() user: AuthUser) {
    return this.vouchers.issue(dto, user);
  }

  @Get('voucher-batches/:id')
  @Roles(Role.Admin)
  @ApiOkResponse({ type: VoucherBatchResponse })
  batch(@IdParam() batchId: string) {
    return this.vouchers.batch(batchId);
  }

  @Get('voucher-batches/:id/codes.csv')
  @Roles(Role.Admin)
  @ApiProduces('text/csv')
  @ApiOperation({ summary: "The batch's codes as CSV (for printing or handing out)" })
  @ApiOkResponse({ description: "The batch's codes as CSV", schema: { type: 'string', format: 'binary' } })
  async codes(@Param('id', ParseUUIDPipe) batchId: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const csv = await this.vouchers.codesCsv(batchId);
    void reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="voucher-${batchId}.csv"`)
      .header('cache-control', 'private, no-store');
    return csv;
  }

  @Get('vouchers/report')
  @Roles(Role.Admin)
  @ApiQuery({ name: 'programme', required: false })
  @ApiOperation({ summary: 'Vouchers issued, spent, expired and available per agency (counts and rupiah)' })
  @ApiOkResponse({ type: VoucherReportRow, isArray: true })
  report(@Query('programme') programme?: string) {
    return this.vouchers.report(typeof programme === 'string' && programme.trim() ? programme.trim() : undefined);
  }

  @Get('waves/:id/payments-by-method')
  @Roles(Role.Admin)
  @ApiOperation({ summary: "The rupiah paying the wave's paid orders by cash, transfer, QRIS and vouchers, reconciled to their totals" })
  @ApiOkResponse({ type: WavePaymentsByMethodResponse })
  waveMoney(@IdParam() waveId: string) {
    return this.vouchers.waveMoney(waveId);
  }

  @Post('orders/:id/voucher')
  @Roles(Role.Buyer, Role.Officer, Role.Admin)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Apply a voucher to an unpaid order (its buyer, or an officer at its point): it pays all of it, or part (the rest by QRIS or at the desk)',
  })
  @ApiOkResponse({ type: OrderVoucherResponse })
  apply(@IdParam() orderId: string, @Body() dto: ApplyVoucherDto, @CurrentUser() user: AuthUser) {
    return this.vouchers.apply(orderId, dto.code, user);
  }

  @Get('orders/:id/voucher')
  @Roles(Role.Buyer, Role.Officer, Role.Admin)
  @ApiOperation({ summary: 'The voucher on the order and what the order still owes' })
  @ApiOkResponse({ type: OrderVoucherResponse })
  state(@IdParam() orderId: string, @CurrentUser() user: AuthUser) {
    return this.vouchers.forOrder(orderId, user);
  }
}
