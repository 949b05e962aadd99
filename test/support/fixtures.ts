import type { TestContext } from './test-app';
import { ADMIN } from './test-app';

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/**
 * A valid, distinct NIP for every i: birth date and sequence vary with i, appointment 2010-01,
 * gender alternating.
 */
export function nipFor(i: number): string {
  const sequence = String(i % 1000).padStart(3, '0');
  const day = String(1 + (Math.floor(i / 1000) % 28)).padStart(2, '0');
  const month = String(1 + (Math.floor(i / 28_000) % 12)).padStart(2, '0');
  const year = 1970 + (Math.floor(i / 336_000) % 30);
  return `${year}${month}${day}201001${1 + (i % 2)}${sequence}`;
}

export async function login(ctx: TestContext, username: string, password: string): Promise<string> {
  const response = await ctx.http.post('/auth/login').send({ username, password }).expect(200);
  return response.body.accessToken;
}

export const loginAdmin = (ctx: TestContext) => login(ctx, ADMIN.username, ADMIN.password);

export interface ReferenceCase {
  adminToken: string;
  cooperativeId: string;
  productId: string;
  points: { id: string; name: string }[];
}

/** The April 2020 case: Koperasi Tani Mulus selling premium rice at Rp 11,000/kg in 5/10/20 kg packs, two dropping points. */
export async function referenceCase(ctx: TestContext): Promise<ReferenceCase> {
  const adminToken = await loginAdmin(ctx);
  const auth = bearer(adminToken);
  const cooperative = await ctx.http
    .post('/cooperatives')
    .set(auth)
    .send({ name: 'Koperasi Tani Mulus', region: 'Kabupaten Indramayu' })
    .expect(201);
  const product = await ctx.http
    .post(`/cooperatives/${cooperative.body.id}/products`)
    .set(auth)
    .send({
      commodity: 'beras premium',
      name: 'Beras premium Indramayu',
      pricePerKgRp: 11_000,
      // Ample: test files open many waves of this product at once; test/walkthrough-waves weighs the limit on its own products.
      availableKg: 1_000_000,
      packs: [{ sizeKg: 5 }, { sizeKg: 10 }, { sizeKg: 20 }],
    })
    .expect(201);
  const points = [];
  for (const point of [
    {
      name: 'Gedung Kementerian Koperasi dan UKM',
      address: 'Jl. H.R. Rasuna Said Kav. 3-4, Kuningan, Jakarta Selatan',
      latitude: -6.2146,
      longitude: 106.8312,
    },
    { name: 'Lenteng Agung', address: 'Jl. Raya Lenteng Agung, Jagakarsa, Jakarta Selatan', latitude: -6.3302, longitude: 106.8346 },
  ]) {
    const created = await ctx.http.post('/dropping-points').set(auth).send(point).expect(201);
    points.push({ id: created.body.id, name: created.body.name });
  }
  return { adminToken, cooperativeId: cooperative.body.id, productId: product.body.id, points };
}

export interface WaveOptions {
  capacityKg?: number;
  perBuyerLimitKg?: number;
  opensInMs?: number;
  closesInMs?: number;
  agencies?: string[];
  publish?: boolean;
  /** Instead of the reference product alone (with capacityKg and perBuyerLimitKg). */
  products?: { productId: string; capacityKg: number; perBuyerLimitKg: number }[];
}

/** Creates (and by default publishes) a wave over the reference case, open now unless told otherwise. */
export async function createWave(ctx: TestContext, ref: ReferenceCase, options: WaveOptions = {}) {
  const now = Date.now();
  const opensAt = new Date(now + (options.opensInMs ?? -60_000));
  const closesAt = new Date(now + (options.closesInMs ?? 3_600_000));
  const body = {
    name: 'Gelombang I',
    opensAt: opensAt.toISOString(),
    closesAt: closesAt.toISOString(),
    handOutDate: new Date(closesAt.getTime() + 2 * 86_400_000).toISOString().slice(0, 10),
    paymentDeadline: new Date(closesAt.getTime() + 86_400_000).toISOString(),
    droppingPointIds: ref.points.map((point) => point.id),
    agencies: options.agencies ?? [],
    products: options.products ?? [
      { productId: ref.productId, capacityKg: options.capacityKg ?? 3_000, perBuyerLimitKg: options.perBuyerLimitKg ?? 40 },
    ],
  };
  const created = await ctx.http.post('/waves').set(bearer(ref.adminToken)).send(body).expect(201);
  if (options.publish === false) return created.body;
  const published = await ctx.http.post(`/waves/${created.body.id}/publish`).set(bearer(ref.adminToken)).expect(200);
  return published.body;
}

export function packOf(wave: { products: { packs: { id: string; sizeKg: number }[] }[] }, sizeKg: number): string {
  return wave.products[0].packs.find((pack) => pack.sizeKg === sizeKg)!.id;
}

export interface TestBuyer {
  id: string;
  nip: string;
  token: string;
}

export async function registerBuyer(ctx: TestContext, i: number, agency = 'Kementerian Koperasi dan UKM'): Promise<TestBuyer> {
  const nip = nipFor(i);
  const password = `password-${i}`;
  const created = await ctx.http
    .post('/buyers')
    .send({ nip, name: `Pegawai ${i}`, agency, phone: `0812${String(i).padStart(8, '0')}`, password })
    .expect(201);
  return { id: created.body.id, nip, token: await login(ctx, nip, password) };
}

/** Registers many buyers, a few at a time. */
export async function registerBuyers(ctx: TestContext, count: number, firstIndex = 0, agency?: string): Promise<TestBuyer[]> {
  const buyers: TestBuyer[] = [];
  for (let start = 0; start < count; start += 20) {
    const batch = Array.from({ length: Math.min(20, count - start) }, (_, k) => registerBuyer(ctx, firstIndex + start + k, agency));
    buyers.push(...(await Promise.all(batch)));
  }
  return buyers;
}
