import { Body, Controller, Get, HttpCode, HttpStatus, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { IdParam } from '../common/id-param';
import { IdempotencyKey } from '../common/idempotency-key';
import { orderGoodsProgress } from '../desk/goods-progress';
import { OrderRateLimit } from '../rate-limit/rate-limit.decorators';
import { Role } from '../users/role.enum';
import { UserStatusService } from '../users/user-status.service';
import { WavesService } from '../waves/waves.service';
import { ChangeOrderDto } from './dto/change-order.dto';
import { ListMyOrdersQuery } from './dto/list-my-orders.query';
import { PlaceOrderDto } from './dto/place-order.dto';
import { OrderChangeService } from './order-change.service';
import { OrderMoneyService } from './order-money.service';
import { OrderPlacementService } from './order-placement.service';
import { OrderView, orderView } from './order.view';
import { OrdersService } from './orders.service';
import { scopeSummary, summaryScopeOf } from './summary-scope';
import { WaveSummaryService } from './wave-summary.service';
import { OrderDetailResponse } from './dto/order-detail.response';
import { WaveSummaryResponse } from './dto/wave-summary.response';

@ApiTags('orders')
@Controller()
export class OrdersController {
  constructor(
    private readonly placement: OrderPlacementService,
    private readonly orders: OrdersService,
    private readonly waves: WavesService,
    private readonly summaries: WaveSummaryService,
    private readonly userStatus: UserStatusService,
    private readonly changes: OrderChangeService,
    private readonly money: OrderMoneyService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Post('waves/:id/orders')
  @Roles(Role.Buyer)
  @OrderRateLimit()
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retried request with the same key returns the same order' })
  @ApiCreatedResponse({ type: OrderView })
  async place(
    @IdParam() waveId: string,
    @Body() body: PlaceOrderDto,
    @IdempotencyKey() idempotencyKey: string | null,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const placement = await this.placement.place(waveId, user, body, idempotencyKey);
    if (placement.replayed) void reply.header('idempotent-replayed', 'true');
    return orderView(placement.order);
  }

  @Get('waves/:id/summary')
  @Roles(Role.Admin, Role.Officer, Role.CoopManager)
  @ApiOkResponse({ type: WaveSummaryResponse })
  async summary(@IdParam() waveId: string, @CurrentUser() user: AuthUser) {
    const wave = await this.waves.get(waveId, user);
    const points = user.role === Role.Officer ? await this.userStatus.droppingPointIds(user.userId) : [];
    const scope = summaryScopeOf(user, wave, points);
    return scopeSummary(await this.summaries.summarise(wave), scope);
  }

  @Get('me/orders')
  @Roles(Role.Buyer)
  @ApiOkResponse({ type: OrderView, isArray: true })
  async mine(@CurrentUser() user: AuthUser, @Query() query: ListMyOrdersQuery) {
    return (await this.orders.listForBuyer(user.buyerId!, query.waveId)).map(orderView);
  }

  @Get('orders/:id')
  @Roles(Role.Buyer, Role.Officer, Role.Admin)
  @ApiOkResponse({ type: OrderDetailResponse })
  async get(@IdParam() id: string, @CurrentUser() user: AuthUser) {
    const order = await this.orders.get(id, user);
    // goods: what the buyer has and is still owed (a partial hand-over, part of a home delivery; src/desk).
    return { ...orderView(order), money: await this.money.forOrder(order), goods: await orderGoodsProgress(this.dataSource, order.id) };
  }

  /**
   * The buyer's own unpaid order, while the wave takes orders: another dropping point of the wave,
   * pickup or home delivery, the delivery address (the point's delivery radius applies as when
   * ordering). Items, pickup code and status stay.
   */
  @Patch('orders/:id')
  @Roles(Role.Buyer)
  @ApiOkResponse({ type: OrderDetailResponse })
  async change(@IdParam() id: string, @Body() body: ChangeOrderDto, @CurrentUser() user: AuthUser) {
    await this.changes.change(id, user, body);
    return this.get(id, user);
  }

  @Post('orders/:id/cancel')
  @Roles(Role.Buyer)
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: OrderView })
  async cancel(@IdParam() id: string, @CurrentUser() user: AuthUser) {
    return orderView(await this.orders.cancelByBuyer(id, user));
  }
}
