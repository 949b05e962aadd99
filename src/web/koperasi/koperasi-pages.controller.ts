import { Body, Get, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser, Roles } from '../../auth/auth.decorators';
import { DomainError, ErrorCode } from '../../common/domain-error';
import { IdParam } from '../../common/id-param';
import { CooperativesService } from '../../cooperatives/cooperatives.service';
import { PurchaseOrdersService } from '../../purchase-orders/purchase-orders.service';
import { Role } from '../../users/role.enum';
import { redirectTo, renderPage } from '../pages';
import { FormPost, WebController } from '../web.decorators';
import { KoperasiPagesService } from './koperasi-pages.service';

type Form = Record<string, unknown>;

/** A whole number of kg or rupiah from a form field: blank is 0, anything else not a whole number is null. */
export function wholeNumber(value: unknown, max = 1_000_000_000): number | null {
  const text = typeof value === 'string' ? value.trim().replace(/\./g, '') : '';
  if (text === '') return 0;
  if (!/^\d{1,10}$/.test(text)) return null;
  const number = Number(text);
  return number <= max ? number : null;
}

/** The cooperative manager's pages: purchase orders (confirm, shortfall, shipments, files), open waves, products. */
@WebController('koperasi')
@Roles(Role.CoopManager)
export class KoperasiPagesController {
  constructor(
    private readonly pages: KoperasiPagesService,
    private readonly purchaseOrders: PurchaseOrdersService,
    private readonly cooperatives: CooperativesService,
  ) {}

  @Get()
  async home(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    const cooperativeId = this.pages.cooperativeOf(user);
    const [orders, open] = await Promise.all([this.pages.purchaseOrders(cooperativeId), this.pages.openWaves(cooperativeId)]);
    await renderPage(
      request,
      reply,
      'koperasi/views/home.eta',
      { title: 'koperasi.home.title' },
      { orders, openWaves: groupOpenWaves(open) },
    );
  }

  @Get('pesanan-pembelian/:id')
  async purchaseOrder(
    @IdParam() id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Query('pesan') notice?: string,
    @Query('galat') error?: string,
  ): Promise<void> {
    this.pages.cooperativeOf(user);
    const [po, invoice] = await Promise.all([this.purchaseOrders.get(id, user), this.purchaseOrders.invoice(id, user)]);
    const cuts = po.shortfalls.length > 0 ? await this.pages.cuts(id) : [];
    await renderPage(
      request,
      reply,
      'koperasi/views/purchase-order.eta',
      { title: 'koperasi.po.title', titleParams: { number: po.number } },
      {
        po,
        invoice,
        cuts,
        notice: notice && /^[\w.]+$/.test(notice) ? notice : undefined,
        error: error && /^[\w.]+$/.test(error) ? error : undefined,
      },
    );
  }

  @FormPost('pesanan-pembelian/:id/konfirmasi')
  async confirm(@IdParam() id: string, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser, @Body() form: Form): Promise<void> {
    this.pages.cooperativeOf(user);
    const po = await this.purchaseOrders.get(id, user);
    const shortfalls: { productId: string; kg: number }[] = [];
    for (const product of po.ordered.products) {
      const kg = wholeNumber(form[`shortfall_${product.productId}`]);
      if (kg === null) return redirectTo(reply, `/koperasi/pesanan-pembelian/${id}?galat=koperasi.confirm.invalid`);
      if (kg > 0) shortfalls.push({ productId: product.productId, kg });
    }
    await this.act(reply, id, 'koperasi.confirm.done', () => this.purchaseOrders.confirm(id, user, { shortfalls }));
  }

  @FormPost('pesanan-pembelian/:id/kirim')
  async ship(@IdParam() id: string, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser, @Body() form: Form): Promise<void> {
    this.pages.cooperativeOf(user);
    const droppingPointId = typeof form.droppingPointId === 'string' ? form.droppingPointId : '';
    // packs_<productId>_<sizeKg>: the packs loaded of that size (prefilled with what is due).
    const packs: { productId: string; sizeKg: number; packs: number }[] = [];
    for (const [field, value] of Object.entries(form)) {
      const match = /^packs_([0-9a-f-]{36})_(\d{1,4})$/i.exec(field);
      if (!match) continue;
      const count = wholeNumber(value, 10_000_000);
      if (count === null) return redirectTo(reply, `/koperasi/pesanan-pembelian/${id}?galat=koperasi.ship.invalid`);
      packs.push({ productId: match[1], sizeKg: Number(match[2]), packs: count });
    }
    const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
    await this.act(reply, id, 'koperasi.ship.recorded', () =>
      this.purchaseOrders.ship(id, user, {
        droppingPointId,
        ...(packs.length > 0 ? { packs } : {}),
        vehicle: text(form.vehicle),
        driver: text(form.driver),
      }),
    );
  }

  /** The cooperative took back the surplus a point received beyond what was shipped (all of it still open there). */
  @FormPost('pesanan-pembelian/:id/kelebihan')
  async returnSurplus(@IdParam() id: string, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser, @Body() form: Form): Promise<void> {
    this.pages.cooperativeOf(user);
    const droppingPointId = typeof form.droppingPointId === 'string' ? form.droppingPointId : '';
    const po = await this.purchaseOrders.get(id, user);
    const point = po.deliveries.find((delivery) => delivery.droppingPointId === droppingPointId);
    const packs = (point?.lines ?? [])
      .filter((line) => line.surplusOpenPacks > 0)
      .map((line) => ({ productId: line.productId, sizeKg: line.sizeKg, packs: line.surplusOpenPacks }));
    await this.act(reply, id, 'koperasi.surplus.done', () =>
      this.purchaseOrders.settleSurplus(id, user, { droppingPointId, outcome: 'returned', packs }),
    );
  }

  @Get('produk')
  async products(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Query('pesan') notice?: string,
    @Query('galat') error?: string,
  ): Promise<void> {
    const cooperative = await this.cooperatives.get(this.pages.cooperativeOf(user), user);
    const products = [...(cooperative.products ?? [])].sort((a, b) => a.name.localeCompare(b.name));
    await renderPage(
      request,
      reply,
      'koperasi/views/products.eta',
      { title: 'koperasi.products.title' },
      {
        cooperative,
        products: products.map((product) => ({ ...product, packs: [...(product.packs ?? [])].sort((a, b) => a.sizeKg - b.sizeKg) })),
        notice: notice === 'koperasi.products.saved' ? notice : undefined,
        error: error === 'koperasi.products.invalid' ? error : undefined,
      },
    );
  }

  @FormPost('produk/:id')
  async saveProduct(@IdParam() id: string, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser, @Body() form: Form): Promise<void> {
    const cooperativeId = this.pages.cooperativeOf(user);
    const pricePerKgRp = wholeNumber(form.pricePerKgRp, 100_000_000);
    const availableKg = wholeNumber(form.availableKg);
    if (!pricePerKgRp || availableKg === null) return redirectTo(reply, '/koperasi/produk?galat=koperasi.products.invalid');
    await this.pages.updateProduct(cooperativeId, id, { pricePerKgRp, availableKg });
    await redirectTo(reply, '/koperasi/produk?pesan=koperasi.products.saved');
  }

  /** Runs a purchase-order action; what the rules refuse comes back to the page as a message, not an error page. */
  private async act(reply: FastifyReply, id: string, done: string, action: () => Promise<unknown>): Promise<void> {
    try {
      await action();
    } catch (error) {
      if (!(error instanceof DomainError) || error.code === ErrorCode.Forbidden || error.code === ErrorCode.NotFound) throw error;
      return redirectTo(reply, `/koperasi/pesanan-pembelian/${id}?galat=koperasi.error.${error.code}`);
    }
    await redirectTo(reply, `/koperasi/pesanan-pembelian/${id}?pesan=${done}`);
  }
}

/** The open waves' rows grouped per wave, then per product, with the kg per point. */
function groupOpenWaves(rows: Awaited<ReturnType<KoperasiPagesService['openWaves']>>) {
  const waves = new Map<
    string,
    {
      id: string;
      name: string;
      closesAt: Date;
      products: Map<string, { name: string; capacityKg: number; points: { name: string; kg: number }[] }>;
    }
  >();
  for (const row of rows) {
    const wave = waves.get(row.wave_id) ?? { id: row.wave_id, name: row.wave_name, closesAt: row.closes_at, products: new Map() };
    waves.set(row.wave_id, wave);
    const product = wave.products.get(row.product_name) ?? { name: row.product_name, capacityKg: row.capacity_kg, points: [] };
    wave.products.set(row.product_name, product);
    product.points.push({ name: row.point_name, kg: row.kg });
  }
  return [...waves.values()].map((wave) => ({
    ...wave,
    products: [...wave.products.values()].map((product) => ({ ...product, kg: product.points.reduce((sum, point) => sum + point.kg, 0) })),
  }));
}
