import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Post, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { DomainError } from '../common/domain-error';
import { IdParam } from '../common/id-param';
import { OrderRateLimit } from '../rate-limit/rate-limit.decorators';
import { Role } from '../users/role.enum';
import { WavesService } from '../waves/waves.service';
import { ListMyOrdersQuery } from './dto/list-my-orders.query';
import { PlaceOrderDto } from './dto/place-order.dto';
import { OrderPlacementService } from './order-placement.service';
import { orderView } from './order.view';
import { OrdersService } from './orders.service';
import { WaveSummaryService } from './wave-summary.service';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,128}$/;

@ApiTags('orders')
@Controller()
export class OrdersController {
  constructor(
    private readonly placement: OrderPlacementService,
    private readonly orders: OrdersService,
    private readonly waves: WavesService,
    private readonly summaries: WaveSummaryService,
  ) {}

  @Post('waves/:id/orders')
  @Roles(Role.Buyer)
  @OrderRateLimit()
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retried request with the same key returns the same order' })
  async place(
    @IdParam() waveId: string,
    @Body() body: PlaceOrderDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw DomainError.validation('Idempotency-Key', 'Idempotency-Key must be 1-128 visible ASCII characters');
    }
    const placement = await this.placement.place(waveId, user, body, idempotencyKey ?? null);
    if (placement.replayed) void reply.header('idempotent-replayed', 'true');
    return orderView(placement.order);
  }

  @Get('waves/:id/summary')
  @Roles(Role.Admin, Role.Officer, Role.CoopManager)
  async summary(@IdParam() waveId: string, @CurrentUser() user: AuthUser) {
    return this.summaries.summarise(await this.waves.get(waveId, user));
  }

  @Get('me/orders')
  @Roles(Role.Buyer)
  async mine(@CurrentUser() user: AuthUser, @Query() query: ListMyOrdersQuery) {
    return (await this.orders.listForBuyer(user.buyerId!, query.waveId)).map(orderView);
  }

  @Get('orders/:id')
  @Roles(Role.Buyer, Role.Officer, Role.Admin)
  async get(@IdParam() id: string, @CurrentUser() user: AuthUser) {
    return orderView(await this.orders.get(id, user));
  }

  @Post('orders/:id/cancel')
  @Roles(Role.Buyer)
  @HttpCode(HttpStatus.OK)
  async cancel(@IdParam() id: string, @CurrentUser() user: AuthUser) {
    return orderView(await this.orders.cancelByBuyer(id, user));
  }
}
