import { Body, Get, Param, ParseUUIDPipe, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser, Roles } from '../../auth/auth.decorators';
import { orderableAmounts, productAllowance } from '../../buyers/allowance';
import { BuyerAllowanceService } from '../../buyers/buyer-allowance.service';
import { DomainError, ErrorCode } from '../../common/domain-error';
import { OrderPlacementService } from '../../orders/order-placement.service';
import { OrdersRepository } from '../../orders/orders.repository';
import { OrderRateLimit } from '../../rate-limit/rate-limit.decorators';
import { Role } from '../../users/role.enum';
import { effectiveStatus } from '../../waves/wave-status';
import { WaveStatus } from '../../waves/wave-status.enum';
import { WavesService } from '../../waves/waves.service';
import { Formatters, FORMATTERS } from '../format';
import type { Params } from '../i18n';
import { localeOf, redirectTo, renderPage } from '../pages';
import { FormPost, WebController } from '../web.decorators';
import { emptyForm, FieldErrors, OrderFormValues, qtyField, readOrderForm } from './order-form';
import { DisplayWave, WaveDisplayCache } from './wave-display';

const LISTED = [WaveStatus.Open, WaveStatus.Scheduled];

/** A refusal shown above the form: a catalogue key and its parameters. */
interface Refusal {
  key: string;
  params?: Params;
}

/** The buyer's waves: the list, one wave's page with its order form, the order POST and the kg-left feed. */
@WebController('gelombang')
@Roles(Role.Buyer)
export class WavePagesController {
  constructor(
    private readonly waves: WavesService,
    private readonly display: WaveDisplayCache,
    private readonly placement: OrderPlacementService,
    private readonly orders: OrdersRepository,
    private readonly allowances: BuyerAllowanceService,
  ) {}

  @Get()
  async list(@CurrentUser() user: AuthUser, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const now = new Date();
    const waves = (await this.waves.list(user))
      .map((wave) => ({ id: wave.id, name: wave.name, opensAt: wave.opensAt, closesAt: wave.closesAt, status: effectiveStatus(wave, now) }))
      .filter((wave) => LISTED.includes(wave.status))
      .sort((a, b) => a.opensAt.getTime() - b.opensAt.getTime());
    await renderPage(
      request,
      reply,
      'buyer/waves.eta',
      { title: 'buyer.waves.title' },
      {
        open: waves.filter((wave) => wave.status === WaveStatus.Open),
        upcoming: waves.filter((wave) => wave.status === WaveStatus.Scheduled),
        scripts: ['countdown.js'],
      },
    );
  }

  @Get(':id')
  async page(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const wave = await this.display.forBuyer(id, user.buyerId!);
    await this.renderWave(request, reply, wave, user, emptyForm(wave), {}, null);
  }

  /** Kg left per product, for the page's script (every 15 s): the stock figure at most 2 s old (one read per wave per 2 s, shared). */
  @Get(':id/sisa')
  async remaining(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const wave = await this.display.forBuyer(id, user.buyerId!);
    const stock = await this.display.stock(id, undefined, true);
    const f = FORMATTERS[localeOf(request)];
    void reply.header('cache-control', 'no-store').send({
      status: this.display.status(wave, stock),
      products: wave.products.map((product) => ({
        id: product.id,
        remainingKg: stock.remainingKg.get(product.id) ?? 0,
        text: f.weight(stock.remainingKg.get(product.id) ?? 0),
      })),
    });
  }

  @FormPost(':id')
  @OrderRateLimit()
  async order(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() user: AuthUser,
    @Body() form: Record<string, unknown>,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const wave = await this.display.forBuyer(id, user.buyerId!);
    const { values, dto, errors } = readOrderForm(wave, form ?? {});
    if (!dto) return this.renderWave(request, reply, wave, user, values, errors, { key: 'form.fixErrors' }, 422);
    try {
      const placement = await this.placement.place(id, user, dto, values.key);
      await redirectTo(reply, `/pesanan/${placement.order.id}${placement.replayed ? '' : '?baru=1'}`);
    } catch (error) {
      const refusal = await this.explain(error, wave, user, dto.items, values, FORMATTERS[localeOf(request)]);
      await this.renderWave(request, reply, wave, user, values, {}, refusal, 409);
    }
  }

  private async renderWave(
    request: FastifyRequest,
    reply: FastifyReply,
    wave: DisplayWave,
    user: AuthUser,
    values: OrderFormValues,
    errors: FieldErrors,
    refusal: Refusal | null,
    status = 200,
  ): Promise<void> {
    const stock = await this.display.stock(wave.id);
    const waveStatus = this.display.status(wave, stock);
    // One primary-key read per view: the buyer's own quota rows, so the page says what they may still order.
    const ordered = await this.allowances.orderedKg(
      user.buyerId!,
      wave.products.map((product) => product.id),
    );
    await renderPage(
      request,
      reply,
      'buyer/wave.eta',
      { title: 'buyer.wave.title', titleParams: { name: wave.name }, status },
      {
        wave,
        waveStatus,
        soldOut:
          stock.closedReason === 'sold_out' ||
          wave.products.every((product) => (stock.remainingKg.get(product.id) ?? 0) < product.smallestPackKg),
        remaining: (productId: string) => stock.remainingKg.get(productId) ?? 0,
        allowance: (product: DisplayWave['products'][number]) =>
          productAllowance({
            waveProductId: product.id,
            name: product.name,
            remainingKg: stock.remainingKg.get(product.id) ?? 0,
            perBuyerLimitKg: product.perBuyerLimitKg,
            orderedKg: ordered.get(product.id) ?? 0,
            packSizesKg: product.packs.map((pack) => pack.sizeKg),
          }),
        // What whole packs make under the limit left: the page's script picks the largest the stock still holds.
        orderable: (product: DisplayWave['products'][number]) =>
          orderableAmounts(
            product.perBuyerLimitKg - (ordered.get(product.id) ?? 0),
            product.packs.map((pack) => pack.sizeKg),
          ),
        values,
        errors,
        refusal,
        qtyField,
        scripts: waveStatus === WaveStatus.Open ? ['wave.js', 'delivery-fields.js'] : ['countdown.js'],
      },
    );
  }

  /** Why the order path refused, in the buyer's terms; anything that is not a refusal is passed on. */
  private async explain(
    error: unknown,
    wave: DisplayWave,
    user: AuthUser,
    items: { packId: string; quantity: number }[],
    values: OrderFormValues,
    f: Formatters,
  ): Promise<Refusal> {
    if (!(error instanceof DomainError)) throw error;
    const ordered = wave.products.filter((product) => product.packs.some((pack) => items.some((item) => item.packId === pack.id)));
    switch (error.code) {
      case ErrorCode.CapacityExceeded: {
        const stock = await this.display.stock(wave.id, 0);
        const short = ordered.map((product) => ({ product, left: stock.remainingKg.get(product.id) ?? 0 }));
        if (short.every(({ product, left }) => left < product.smallestPackKg)) return { key: 'buyer.refused.soldOut' };
        return {
          key: 'buyer.refused.notEnough',
          params: { left: short.map(({ product, left }) => `${product.name}: ${f.weight(left)}`).join(', ') },
        };
      }
      case ErrorCode.BuyerLimitExceeded: {
        const orderedKg = await this.orders.orderedKg(
          user.buyerId!,
          ordered.map((product) => product.id),
        );
        const product = ordered[0];
        const already = orderedKg.get(product.id) ?? 0;
        return {
          key: 'buyer.refused.limit',
          params: { limit: f.weight(product.perBuyerLimitKg), ordered: f.weight(already), product: product.name },
        };
      }
      case ErrorCode.WaveNotOpen:
        return Date.now() < wave.opensAt.getTime()
          ? { key: 'buyer.refused.notYet', params: { opens: f.dateTime(wave.opensAt) } }
          : { key: 'buyer.refused.closed' };
      case ErrorCode.AgencyNotEligible:
        return { key: 'buyer.refused.agency' };
      case ErrorCode.IdempotencyKeyReused:
        values.key = randomUUID();
        return { key: 'buyer.refused.keyReused' };
      case ErrorCode.ValidationFailed:
        return { key: 'form.fixErrors' };
      default:
        throw error;
    }
  }
}
