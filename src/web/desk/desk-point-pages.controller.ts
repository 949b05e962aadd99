import { Body, Get, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser, Roles } from '../../auth/auth.decorators';
import { DomainError, ErrorCode } from '../../common/domain-error';
import { IdParam } from '../../common/id-param';
import { DeliveryBoardService } from '../../delivery/delivery-board.service';
import { DispatchService } from '../../delivery/dispatch.service';
import { ManualDeliveryService } from '../../delivery/manual-delivery.service';
import { CashRecipient } from '../../desk/cash-handover.entity';
import { CashService } from '../../desk/cash.service';
import { DeskTransactions } from '../../desk/desk-transactions';
import { ReceiptsService } from '../../desk/receipts.service';
import { TransfersService } from '../../desk/transfers.service';
import { Role } from '../../users/role.enum';
import { MESSAGES } from '../i18n';
import { redirectTo, renderPage } from '../pages';
import { HOME_BY_ROLE } from '../session-cookie';
import { FormPost, WebController } from '../web.decorators';
import { DeskPagesService, PointWave } from './desk-pages.service';

type Form = Record<string, unknown>;

/** A whole number from a form field (dots as thousands separators allowed): blank is 0, anything else not whole is null. */
function wholeNumber(value: unknown, max = 1_000_000_000_000): number | null {
  const text = typeof value === 'string' ? value.trim().replace(/[.\s]/g, '') : '';
  if (text === '') return 0;
  if (!/^\d{1,13}$/.test(text)) return null;
  const number = Number(text);
  return number <= max ? number : null;
}

/** The pack counts of a form's `<prefix><packId>` fields, or the refusal (a catalogue key) when one is not whole or all are blank. */
function packsOf(form: Form, prefix: string, stock: { packId: string }[]): { packId: string; quantity: number }[] | string {
  const packs: { packId: string; quantity: number }[] = [];
  for (const row of stock) {
    const quantity = wholeNumber(form[`${prefix}${row.packId}`], 1_000_000);
    if (quantity === null) return 'desk.goods.invalid';
    if (quantity > 0) packs.push({ packId: row.packId, quantity });
  }
  return packs.length > 0 ? packs : 'desk.goods.empty';
}

/** The form's idempotency key (a hidden field made with the page), when it is a plausible one. */
const formKey = (form: Form): string | null => (typeof form.key === 'string' && /^[\x21-\x7e]{1,128}$/.test(form.key) ? form.key : null);

const text = (value: unknown, max: number): string | undefined => {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  return trimmed ? trimmed.slice(0, max) : undefined;
};

/** The notices and refusals a point page may show after a form (catalogue keys; anything else is ignored). */
const NOTICES = new Set([
  'desk.goods.saved',
  'desk.goods.moved',
  'desk.dispatch.queued',
  'desk.dispatch.booked',
  'desk.dispatch.progressSaved',
  'desk.cash.saved',
]);

/**
 * The officer's pages around the desk, for one point and wave: goods received and the stock at the
 * point, the dispatch board for home deliveries, and the cash the officer holds. Plain forms (they
 * need the connection; only the desk itself works offline).
 */
@WebController('petugas/titik')
@Roles(Role.Officer, Role.Admin, Role.Buyer, Role.CoopManager)
export class DeskPointPagesController {
  constructor(
    private readonly transactions: DeskTransactions,
    private readonly pages: DeskPagesService,
    private readonly receipts: ReceiptsService,
    private readonly cash: CashService,
    private readonly board: DeliveryBoardService,
    private readonly dispatcher: DispatchService,
    private readonly manual: ManualDeliveryService,
    private readonly transfers: TransfersService,
  ) {}

  @Get(':id/barang')
  async goods(
    @IdParam() pointId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Query('gelombang') waveParam?: string,
    @Query('pesan') notice?: string,
    @Query('galat') error?: string,
  ): Promise<void> {
    const scope = await this.scope(reply, user, pointId, waveParam);
    if (!scope) return;
    const { point, wave } = scope;
    const [list, others] = await Promise.all([this.receipts.list(pointId, user, wave.id), this.pages.otherPointsOf(wave.id, pointId)]);
    await renderPage(
      request,
      reply,
      'desk/goods.eta',
      { title: 'desk.goods.title', titleParams: { point: point.name } },
      {
        ...scope,
        ...list,
        others,
        key: randomUUID(),
        moveKey: randomUUID(),
        notice: noticeOf(notice),
        error: errorOf(error),
        active: 'goods',
      },
    );
  }

  @FormPost(':id/barang')
  async recordGoods(
    @IdParam() pointId: string,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Body() form: Form,
    @Query('gelombang') waveParam?: string,
  ): Promise<void> {
    const goods = await this.goodsForm(reply, user, pointId, waveParam, form, 'pack_');
    if (!goods) return;
    const { scope, back, packs } = goods;
    await settle(
      reply,
      back,
      () => this.receipts.record(pointId, user, { waveId: scope.wave.id, packs, note: text(form.note, 1000) }, formKey(form)),
      'desk.goods.saved',
    );
  }

  /** Surplus packs moved to another point of the wave (the API's rules: only surplus, recorded at both ends). */
  @FormPost(':id/barang/pindah')
  async moveSurplus(
    @IdParam() pointId: string,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Body() form: Form,
    @Query('gelombang') waveParam?: string,
  ): Promise<void> {
    const goods = await this.goodsForm(reply, user, pointId, waveParam, form, 'move_');
    if (!goods) return;
    const { scope, back, packs } = goods;
    const to = typeof form.to === 'string' ? form.to : '';
    await settle(
      reply,
      back,
      () =>
        this.transfers.record(
          pointId,
          user,
          { waveId: scope.wave.id, toDroppingPointId: to, packs, note: text(form.note, 1000) },
          formKey(form),
        ),
      'desk.goods.moved',
    );
  }

  @Get(':id/antar')
  async dispatchBoard(
    @IdParam() pointId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Query('gelombang') waveParam?: string,
    @Query('pesan') notice?: string,
    @Query('galat') error?: string,
  ): Promise<void> {
    const scope = await this.scope(reply, user, pointId, waveParam);
    if (!scope) return;
    const board = await this.board.board(user, pointId, scope.wave.id);
    await renderPage(
      request,
      reply,
      'desk/dispatch.eta',
      { title: 'desk.dispatch.title', titleParams: { point: scope.point.name } },
      { ...scope, board, notice: noticeOf(notice), error: errorOf(error), active: 'dispatch' },
    );
  }

  @FormPost(':id/antar')
  async dispatch(
    @IdParam() pointId: string,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Query('gelombang') waveParam?: string,
  ): Promise<void> {
    const scope = await this.scope(reply, user, pointId, waveParam);
    if (!scope) return;
    const back = backTo(pointId, 'antar', scope.wave.id);
    await settle(reply, back, () => this.dispatcher.dispatch(user, pointId, scope.wave.id), 'desk.dispatch.queued');
  }

  /** Manual courier: the booking made in the courier's own app (booking id, fee, tracking link). */
  @FormPost(':id/antar/:trip/pesan')
  async recordBooking(
    @IdParam() pointId: string,
    @IdParam('trip') tripId: string,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Body() form: Form,
    @Query('gelombang') waveParam?: string,
  ): Promise<void> {
    const scope = await this.scope(reply, user, pointId, waveParam);
    if (!scope) return;
    const back = backTo(pointId, 'antar', scope.wave.id);
    const bookingId = text(form.bookingId, 100);
    const feeRp = wholeNumber(form.feeRp, 10_000_000);
    const trackingUrl = text(form.trackingUrl, 500);
    if (!bookingId || !/^[\x21-\x7e]+$/.test(bookingId) || feeRp === null || (trackingUrl && !/^https?:\/\/\S+$/.test(trackingUrl))) {
      return redirectTo(reply, back('galat=desk.dispatch.bookingInvalid'));
    }
    await settle(reply, back, () => this.manual.recordBooking(user, tripId, { bookingId, feeRp, trackingUrl }), 'desk.dispatch.booked');
  }

  /** Manual courier: picked up, delivered, or failed with the reason, as the driver tells the officer. */
  @FormPost(':id/antar/:trip/kabar')
  async recordProgress(
    @IdParam() pointId: string,
    @IdParam('trip') tripId: string,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Body() form: Form,
    @Query('gelombang') waveParam?: string,
  ): Promise<void> {
    const scope = await this.scope(reply, user, pointId, waveParam);
    if (!scope) return;
    const back = backTo(pointId, 'antar', scope.wave.id);
    const event = form.event === 'picked_up' || form.event === 'delivered' || form.event === 'failed' ? form.event : null;
    const reason = text(form.reason, 500);
    if (!event || (event === 'failed' && !reason)) return redirectTo(reply, back('galat=desk.dispatch.progressInvalid'));
    await settle(
      reply,
      back,
      () => this.manual.recordProgress(user, tripId, { event, ...(reason ? { reason } : {}) }),
      'desk.dispatch.progressSaved',
    );
  }

  @Get(':id/kas')
  async custody(
    @IdParam() pointId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Query('gelombang') waveParam?: string,
    @Query('pesan') notice?: string,
    @Query('galat') error?: string,
  ): Promise<void> {
    const scope = await this.scope(reply, user, pointId, waveParam);
    if (!scope) return;
    const [custody, handovers] = await Promise.all([this.cash.custody(scope.wave.id, user), this.cash.listHandovers(scope.wave.id, user)]);
    const mine = custody.officers.find((officer) => officer.userId === user.userId);
    await renderPage(
      request,
      reply,
      'desk/cash.eta',
      { title: 'desk.cash.title', titleParams: { wave: scope.wave.name } },
      { ...scope, custody, mine, handovers, notice: noticeOf(notice), error: errorOf(error), active: 'cash' },
    );
  }

  @FormPost(':id/kas')
  async handCash(
    @IdParam() pointId: string,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Body() form: Form,
    @Query('gelombang') waveParam?: string,
  ): Promise<void> {
    const scope = await this.scope(reply, user, pointId, waveParam);
    if (!scope) return;
    const back = backTo(pointId, 'kas', scope.wave.id);
    const amountRp = wholeNumber(form.amountRp);
    const recipient = form.recipient === CashRecipient.Cooperative ? CashRecipient.Cooperative : CashRecipient.Treasurer;
    if (!amountRp) return redirectTo(reply, back('galat=desk.cash.invalid'));
    await settle(
      reply,
      back,
      () =>
        this.cash.recordHandover(scope.wave.id, user, {
          amountRp,
          recipient,
          recipientName: text(form.recipientName, 200),
          note: text(form.note, 1000),
        }),
      'desk.cash.saved',
    );
  }

  /** Officers (of this point) and administrators; anyone else goes to their own pages. Null when redirected. */
  /** The packs a goods-page form names (fields `<prefix><pack id>`), checked against the point's stock; null once answered. */
  private async goodsForm(reply: FastifyReply, user: AuthUser, pointId: string, waveParam: string | undefined, form: Form, prefix: string) {
    const scope = await this.scope(reply, user, pointId, waveParam);
    if (!scope) return null;
    const back = backTo(pointId, 'barang', scope.wave.id);
    const { stock } = await this.receipts.list(pointId, user, scope.wave.id);
    const packs = packsOf(form, prefix, stock);
    if (typeof packs !== 'string') return { scope, back, packs };
    await redirectTo(reply, back(`galat=${packs}`));
    return null;
  }

  private async scope(
    reply: FastifyReply,
    user: AuthUser,
    pointId: string,
    waveParam: string | undefined,
  ): Promise<{ point: { id: string; name: string; address: string }; wave: PointWave; waves: PointWave[] } | null> {
    if (user.role !== Role.Officer && user.role !== Role.Admin) {
      await redirectTo(reply, HOME_BY_ROLE[user.role]);
      return null;
    }
    await this.transactions.assertPointScope(user, pointId);
    const [point, { wave, waves }] = await Promise.all([this.pages.point(pointId), this.pages.waveOf(pointId, waveParam)]);
    if (!wave) throw DomainError.notFound('Wave');
    return { point, wave, waves };
  }
}

/** The point page of `page` for the wave, with `query` (a notice or a refusal) after a form. */
const backTo = (pointId: string, page: string, waveId: string) => (query: string) =>
  `/petugas/titik/${pointId}/${page}?gelombang=${waveId}&${query}`;

/** A form's action, then back to its page (post-redirect-get) with the notice, or with the refusal. */
async function settle(reply: FastifyReply, back: (query: string) => string, action: () => Promise<unknown>, notice: string): Promise<void> {
  try {
    await action();
  } catch (error) {
    return redirectTo(reply, back(`galat=${refusal(error)}`));
  }
  await redirectTo(reply, back(`pesan=${notice}`));
}

/** A domain refusal as a catalogue key for the page; 403/404 and anything unexpected go on to the error page. */
function refusal(error: unknown): string {
  if (!(error instanceof DomainError) || error.code === ErrorCode.Forbidden || error.code === ErrorCode.NotFound) throw error;
  const key = `desk.e.${error.code}`;
  return key in MESSAGES ? key : 'desk.e.other';
}

const noticeOf = (key: string | undefined) => (key && NOTICES.has(key) ? key : undefined);
const errorOf = (key: string | undefined) =>
  key &&
  /^desk\.(e\.[A-Za-z_]+|goods\.(invalid|empty)|cash\.invalid|dispatch\.(bookingInvalid|progressInvalid))$/.test(key) &&
  key in MESSAGES
    ? key
    : undefined;
