import { bearer, login, packOf, ReferenceCase, TestBuyer } from './support/fixtures';
import type { TestContext } from './support/test-app';

/** Helpers shared by the desk tests (test/desk-*.e2e-spec.ts and test/security-matrix.e2e-spec.ts). */

export interface Staff {
  id: string;
  username: string;
  token: string;
}

export async function createStaff(
  ctx: TestContext,
  ref: ReferenceCase,
  username: string,
  role: 'OFFICER' | 'ADMIN' | 'COOP_MANAGER',
  extra: { droppingPointIds?: string[]; cooperativeId?: string } = {},
): Promise<Staff> {
  const password = `${username}-password`;
  const created = await ctx.http
    .post('/users')
    .set(bearer(ref.adminToken))
    .send({ username, password, role, ...extra })
    .expect(201);
  return { id: created.body.id, username, token: await login(ctx, username, password) };
}

export const createOfficer = (ctx: TestContext, ref: ReferenceCase, username: string, pointIds: string[]) =>
  createStaff(ctx, ref, username, 'OFFICER', { droppingPointIds: pointIds });

export interface PlacedOrder {
  id: string;
  pickupCode: string;
  totalRp: number;
  totalKg: number;
  status: string;
}

/** Places an order of `packs` (size kg -> quantity) at `pointId`. */
export async function placeOrder(
  ctx: TestContext,
  wave: any,
  buyer: TestBuyer,
  pointId: string,
  packs: Record<number, number>,
  delivery?: string,
): Promise<PlacedOrder> {
  const response = await ctx.http
    .post(`/waves/${wave.id}/orders`)
    .set(bearer(buyer.token))
    .send({
      droppingPointId: pointId,
      fulfilment: delivery ? 'delivery' : 'pickup',
      ...(delivery ? { deliveryAddress: delivery } : {}),
      items: Object.entries(packs).map(([size, quantity]) => ({ packId: packOf(wave, Number(size)), quantity })),
    })
    .expect(201);
  return response.body;
}

export interface WaveTimes {
  opensInMs: number;
  closesInMs: number;
  paymentDeadlineInMs: number;
  capacityKg?: number;
  perBuyerLimitKg?: number;
}

/** A published wave with explicit times (relative to now), the payment deadline included. */
export async function createTimedWave(ctx: TestContext, ref: ReferenceCase, times: WaveTimes) {
  const now = Date.now();
  const at = (ms: number) => new Date(now + ms).toISOString();
  const closes = new Date(now + times.closesInMs);
  const created = await ctx.http
    .post('/waves')
    .set(bearer(ref.adminToken))
    .send({
      name: 'Gelombang II',
      opensAt: at(times.opensInMs),
      closesAt: at(times.closesInMs),
      handOutDate: new Date(closes.getTime() + 2 * 86_400_000).toISOString().slice(0, 10),
      paymentDeadline: at(times.paymentDeadlineInMs),
      droppingPointIds: ref.points.map((point) => point.id),
      products: [{ productId: ref.productId, capacityKg: times.capacityKg ?? 3_000, perBuyerLimitKg: times.perBuyerLimitKg ?? 40 }],
    })
    .expect(201);
  const published = await ctx.http.post(`/waves/${created.body.id}/publish`).set(bearer(ref.adminToken)).expect(200);
  return published.body;
}

export async function pay(ctx: TestContext, token: string, order: PlacedOrder, method = 'CASH') {
  return ctx.http.post(`/orders/${order.id}/payments`).set(bearer(token)).send({ method, amountRp: order.totalRp }).expect(201);
}
