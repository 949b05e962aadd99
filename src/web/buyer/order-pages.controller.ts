import { Get, Param, ParseUUIDPipe, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser, Roles } from '../../auth/auth.decorators';
import { DomainError, ErrorCode } from '../../common/domain-error';
import { DeliveryBoardService } from '../../delivery/delivery-board.service';
import { Fulfilment, OrderStatus } from '../../orders/order-status.enum';
import type { Order } from '../../orders/order.entity';
import { OrdersService } from '../../orders/orders.service';
import { Role } from '../../users/role.enum';
import { WaveStatus } from '../../waves/wave-status.enum';
import { redirectTo, renderPage } from '../pages';
import { FormPost, WebController } from '../web.decorators';
import { DisplayWave, WaveDisplayCache } from './wave-display';

/** The steps an order goes through, in order, for each way of receiving it. */
const STEPS: Record<Fulfilment, OrderStatus[]> = {
  [Fulfilment.Pickup]: [OrderStatus.Placed, OrderStatus.Paid, OrderStatus.Ready, OrderStatus.PickedUp],
  [Fulfilment.Delivery]: [OrderStatus.Placed, OrderStatus.Paid, OrderStatus.Ready, OrderStatus.OutForDelivery, OrderStatus.Delivered],
};

/** The buyer's orders: the list, one order's page (pickup code, QR, where it stands), and cancelling. */
@WebController('pesanan')
@Roles(Role.Buyer)
export class OrderPagesController {
  constructor(
    private readonly orders: OrdersService,
    private readonly display: WaveDisplayCache,
    private readonly deliveries: DeliveryBoardService,
  ) {}

  @Get()
  async list(@CurrentUser() user: AuthUser, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const orders = await this.orders.listForBuyer(user.buyerId!);
    const waves = new Map<string, DisplayWave>();
    for (const waveId of new Set(orders.map((order) => order.waveId))) waves.set(waveId, await this.display.wave(waveId));
    await renderPage(
      request,
      reply,
      'buyer/orders.eta',
      { title: 'buyer.orders.title' },
      {
        orders: orders.map((order) => ({ order, wave: waves.get(order.waveId)! })),
      },
    );
  }

  @Get(':id')
  async page(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() user: AuthUser,
    @Query('baru') baru: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const order = await this.orders.get(id, user);
    await this.renderOrder(request, reply, order, user, baru !== undefined ? 'buyer.order.placed' : null, null);
  }

  @FormPost(':id/batal')
  async cancel(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    try {
      await this.orders.cancelByBuyer(id, user);
      await redirectTo(reply, `/pesanan/${id}`);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== ErrorCode.InvalidTransition) throw error;
      await this.renderOrder(request, reply, await this.orders.get(id, user), user, null, 'buyer.order.cannotCancel', 409);
    }
  }

  private async renderOrder(
    request: FastifyRequest,
    reply: FastifyReply,
    order: Order,
    user: AuthUser,
    notice: string | null,
    alert: string | null,
    status = 200,
  ): Promise<void> {
    const wave = await this.display.wave(order.waveId);
    const stock = await this.display.stock(order.waveId);
    const steps = STEPS[order.fulfilment];
    const reached = order.status === OrderStatus.Cancelled ? -1 : steps.indexOf(order.status);
    const tracking =
      order.fulfilment === Fulfilment.Delivery && order.status !== OrderStatus.Cancelled
        ? (await this.deliveries.forOrder(user, order.id)).trackingUrls
        : [];
    const packs = new Map(wave.products.flatMap((product) => product.packs.map((pack) => [pack.id, product] as const)));
    await renderPage(
      request,
      reply,
      'buyer/order.eta',
      { title: 'buyer.order.title', titleParams: { code: order.pickupCode }, status },
      {
        order,
        wave,
        point: wave.points.find((point) => point.id === order.droppingPointId),
        items: [...(order.items ?? [])].sort((a, b) => a.sizeKg - b.sizeKg).map((item) => ({ item, product: packs.get(item.wavePackId) })),
        steps: steps.map((step, index) => ({ step, done: index <= reached, now: index === reached })),
        cancellable: order.status === OrderStatus.Placed && this.display.status(wave, stock) === WaveStatus.Open,
        tracking,
        notice,
        alert,
      },
    );
  }
}
