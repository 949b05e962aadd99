import { Body, Get, Param, ParseUUIDPipe, Query, Req, Res } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser, Roles } from '../../auth/auth.decorators';
import { Environment } from '../../config/environment';
import { DomainError, ErrorCode } from '../../common/domain-error';
import { DeliveryBoardService } from '../../delivery/delivery-board.service';
import { OrderChangeService } from '../../orders/order-change.service';
import { OrderMoneyService } from '../../orders/order-money.service';
import { orderGoodsProgress } from '../../desk/goods-progress';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Fulfilment, OrderStatus } from '../../orders/order-status.enum';
import type { Order } from '../../orders/order.entity';
import { OrdersService } from '../../orders/orders.service';
import { isPaidStatus } from '../../orders/order-transitions';
import { IntentStatus } from '../../payments/payment-intent.entity';
import { QrisService } from '../../payments/qris.service';
import { VouchersService } from '../../vouchers/vouchers.service';
import { Role } from '../../users/role.enum';
import { WaveStatus } from '../../waves/wave-status.enum';
import { ChangeOrderDto } from '../../orders/dto/change-order.dto';
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
    private readonly qris: QrisService,
    private readonly env: Environment,
    private readonly vouchers: VouchersService,
    private readonly changes: OrderChangeService,
    private readonly money: OrderMoneyService,
    @InjectDataSource() private readonly dataSource: DataSource,
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
    @Query('diubah') diubah: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const order = await this.orders.get(id, user);
    const notice = baru !== undefined ? 'buyer.order.placed' : diubah !== undefined ? 'buyer.change.saved' : null;
    await this.renderOrder(request, reply, order, user, notice, null);
  }

  /** "Ubah titik atau cara menerima": the order's point, pickup or delivery and address, through PATCH /orders/:id's rules. */
  @FormPost(':id/ubah')
  async change(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() user: AuthUser,
    @Body() form: Record<string, unknown>,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const values = readChangeForm(form ?? {});
    try {
      // The API's own rules on the fields (an address of 10 characters or more, ...), then the service's.
      const dto = plainToInstance(ChangeOrderDto, changeOf(values));
      const [problem] = await validate(dto);
      if (problem) throw DomainError.validation(problem.property, `${problem.property} is not valid`);
      await this.changes.change(id, user, dto);
      await redirectTo(reply, `/pesanan/${id}?diubah=1#ubah`);
    } catch (error) {
      const problem = changeProblem(error);
      if (!problem) throw error;
      const order = await this.orders.get(id, user);
      await this.renderOrder(request, reply, order, user, null, null, problem.status, null, { values, error: problem.key });
    }
  }

  /** The tiny status the order page polls while a QRIS code waits to be paid. */
  @Get(':id/status')
  async status(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser, @Res() reply: FastifyReply): Promise<void> {
    const state = await this.qris.state(id, user);
    void reply.header('cache-control', 'no-store').send({ status: state.orderStatus, paid: state.paid });
  }

  /** "Bayar dengan QRIS": creates or reuses the order's payment intent, then shows it on the order page. */
  @FormPost(':id/qris')
  async payByQris(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    try {
      await this.qris.open(id, user);
      await redirectTo(reply, `/pesanan/${id}#bayar`);
    } catch (error) {
      const alert = error instanceof DomainError ? QRIS_REFUSALS[error.code] : undefined;
      if (!alert) throw error;
      await this.renderOrder(request, reply, await this.orders.get(id, user), user, null, alert, 409);
    }
  }

  /** A programme voucher typed on the order page: it pays all of the order or part of it. */
  @FormPost(':id/voucher')
  async applyVoucher(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() user: AuthUser,
    @Body() form: Record<string, unknown>,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const code = typeof form.code === 'string' ? form.code.trim().slice(0, 40) : '';
    try {
      await this.vouchers.apply(id, code, user);
      await redirectTo(reply, `/pesanan/${id}#bayar`);
    } catch (error) {
      const alert = error instanceof DomainError ? VOUCHER_REFUSALS[error.code] : undefined;
      if (!alert) throw error;
      const status = error instanceof DomainError && error.code === ErrorCode.VoucherNotEligible ? 403 : 409;
      await this.renderOrder(request, reply, await this.orders.get(id, user), user, null, null, status, { error: alert, code });
    }
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
    voucherForm: { error: string; code: string } | null = null,
    changeForm: { values: ChangeFormValues; error: string } | null = null,
  ): Promise<void> {
    const wave = await this.display.wave(order.waveId);
    const stock = await this.display.stock(order.waveId);
    const steps = STEPS[order.fulfilment];
    const reached = order.status === OrderStatus.Cancelled ? -1 : steps.indexOf(order.status);
    const tracking =
      order.fulfilment === Fulfilment.Delivery && order.status !== OrderStatus.Cancelled
        ? (await this.deliveries.forOrder(user, order.id)).trackingUrls
        : [];
    const qris = order.status === OrderStatus.Placed && this.env.PAYMENTS_DRIVER !== 'off' ? await this.qrisPanel(order, user) : null;
    const voucher = await this.vouchers.forOrder(order.id, user);
    const packs = new Map(wave.products.flatMap((product) => product.packs.map((pack) => [pack.id, product] as const)));
    const waveOpen = this.display.status(wave, stock) === WaveStatus.Open;
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
        cancellable: order.status === OrderStatus.Placed && waveOpen,
        changeable: order.status === OrderStatus.Placed && waveOpen,
        changeForm: changeForm ?? { values: changeFormOf(order), error: null },
        money: await this.money.forOrder(order),
        goods: await orderGoodsProgress(this.dataSource, order.id),
        tracking,
        qris,
        voucher,
        voucherForm,
        paidNow: isPaidStatus(order.status),
        notice,
        alert,
        scripts: [
          ...(qris?.intent ? ['order-pay.js'] : []),
          ...(order.status === OrderStatus.Placed && waveOpen ? ['delivery-fields.js'] : []),
        ],
        // Without JavaScript the page reloads itself while a code waits to be paid.
        noscriptRefreshSeconds: qris?.intent ? 10 : null,
      },
    );
  }

  /** The QRIS code to show (a pending one that has not lapsed), or just the button. */
  private async qrisPanel(order: Order, user: AuthUser) {
    const state = await this.qris.state(order.id, user);
    const intent = state.intent;
    const shown = intent && intent.status === IntentStatus.Pending && !intent.expired && intent.qrString ? intent : null;
    return { intent: shown ? { id: shown.id, amountRp: shown.amountRp, expiresAt: new Date(shown.expiresAt) } : null };
  }
}

/** What the buyer reads when a voucher is refused, under the code field. */
const VOUCHER_REFUSALS: Partial<Record<ErrorCode, string>> = {
  [ErrorCode.ValidationFailed]: 'buyer.voucher.unknown',
  [ErrorCode.NotFound]: 'buyer.voucher.unknown',
  [ErrorCode.VoucherNotEligible]: 'buyer.voucher.notEligible',
  [ErrorCode.VoucherNotValid]: 'buyer.voucher.notValid',
  [ErrorCode.VoucherAlreadySpent]: 'buyer.voucher.spent',
  [ErrorCode.Conflict]: 'buyer.voucher.oneOnly',
  [ErrorCode.AlreadyPaid]: 'buyer.pay.alreadyPaid',
  [ErrorCode.PaymentDeadlinePassed]: 'buyer.pay.deadlinePassed',
  [ErrorCode.InvalidTransition]: 'buyer.pay.notPayable',
};

/** What the buyer reads when a QRIS code cannot be had; any other error is an error page. */
const QRIS_REFUSALS: Partial<Record<ErrorCode, string>> = {
  [ErrorCode.PaymentGatewayUnavailable]: 'buyer.pay.unavailable',
  [ErrorCode.PaymentDeadlinePassed]: 'buyer.pay.deadlinePassed',
  [ErrorCode.AlreadyPaid]: 'buyer.pay.alreadyPaid',
  [ErrorCode.InvalidTransition]: 'buyer.pay.notPayable',
};

/** What the change form had in it, to show it again after a refusal. */
interface ChangeFormValues {
  pointId: string;
  fulfilment: Fulfilment;
  address: string;
  latitude: string;
  longitude: string;
}

function changeFormOf(order: Order): ChangeFormValues {
  return {
    pointId: order.droppingPointId,
    fulfilment: order.fulfilment,
    address: order.deliveryAddress ?? '',
    latitude: order.deliveryLatitude === null ? '' : String(order.deliveryLatitude),
    longitude: order.deliveryLongitude === null ? '' : String(order.deliveryLongitude),
  };
}

const formText = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

function readChangeForm(form: Record<string, unknown>): ChangeFormValues {
  return {
    pointId: formText(form.titik),
    fulfilment: formText(form.cara) === String(Fulfilment.Delivery) ? Fulfilment.Delivery : Fulfilment.Pickup,
    address: formText(form.alamat).slice(0, 500),
    latitude: formText(form.lat),
    longitude: formText(form.lng),
  };
}

/** The form as the API's change: the whole receipt is sent, so what the buyer sees is what is kept. */
function changeOf(values: ChangeFormValues): ChangeOrderDto {
  const coordinate = (raw: string, bound: number) => {
    const value = Number(raw);
    return raw !== '' && Number.isFinite(value) && Math.abs(value) <= bound ? value : undefined;
  };
  const delivery = values.fulfilment === Fulfilment.Delivery;
  return {
    droppingPointId: values.pointId,
    fulfilment: values.fulfilment,
    ...(delivery
      ? {
          deliveryAddress: values.address,
          deliveryLatitude: coordinate(values.latitude, 90),
          deliveryLongitude: coordinate(values.longitude, 180),
        }
      : {}),
  };
}

/** A refusal of the change in the buyer's words (and its status), or null for an error that is not one. */
function changeProblem(error: unknown): { key: string; status: number } | null {
  if (!(error instanceof DomainError)) return null;
  if (error.code === ErrorCode.OrderNotChangeable || error.code === ErrorCode.WaveNotOpen)
    return { key: 'buyer.change.error.closed', status: 409 };
  if (error.code !== ErrorCode.ValidationFailed) return null;
  const [detail] = (error.details as { field: string }[] | undefined) ?? [];
  if (detail?.field === 'droppingPointId') return { key: 'buyer.order.error.point', status: 422 };
  if (detail?.field === 'deliveryAddress') return { key: 'buyer.order.error.address', status: 422 };
  return { key: 'buyer.change.error.far', status: 422 };
}
