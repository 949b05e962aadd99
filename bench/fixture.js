'use strict';
/** What the parts set up through the service's own API (or, for buyers, straight into the tables). */

function apiClient(port) {
  return async (method, route, token, body) => {
    const response = await fetch(`http://127.0.0.1:${port}${route}`, {
      method,
      headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await response.json();
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
}

async function createFixture(api, token) {
  const cooperative = await api('POST', '/cooperatives', token, { name: 'Koperasi Tani Mulus', region: 'Kabupaten Indramayu' });
  const product = await api('POST', `/cooperatives/${cooperative.id}/products`, token, {
    commodity: 'beras premium',
    name: 'Beras premium Indramayu',
    pricePerKgRp: 11_000,
    // Waves must fit what the cooperative can supply: the bench's many overlapping waves need it all.
    availableKg: 1_000_000_000,
    packs: [{ sizeKg: 5 }, { sizeKg: 10 }, { sizeKg: 20 }],
  });
  const points = [];
  for (const [name, latitude, longitude] of [
    ['Gedung Kementerian Koperasi dan UKM', -6.2146, 106.8312],
    ['Lenteng Agung', -6.3302, 106.8346],
  ]) {
    points.push(await api('POST', '/dropping-points', token, { name, address: `${name}, Jakarta Selatan`, latitude, longitude }));
  }
  return { productId: product.id, pointIds: points.map((p) => p.id) };
}

/** A published wave that opened a minute ago, one product of `capacityKg`. */
async function createWave(api, token, fixture, name, capacityKg, limitKg) {
  const now = Date.now();
  const wave = await api('POST', '/waves', token, {
    name,
    opensAt: new Date(now - 60_000).toISOString(),
    closesAt: new Date(now + 6 * 3_600_000).toISOString(),
    handOutDate: new Date(now + 3 * 86_400_000).toISOString().slice(0, 10),
    paymentDeadline: new Date(now + 2 * 86_400_000).toISOString(),
    droppingPointIds: fixture.pointIds,
    products: [{ productId: fixture.productId, capacityKg, perBuyerLimitKg: Math.max(limitKg, 20) }],
  });
  return api('POST', `/waves/${wave.id}/publish`, token);
}

const packOf = (wave, sizeKg) => wave.products[0].packs.find((pack) => pack.sizeKg === sizeKg).id;

/** Buyers straight into the tables: registering 20,000 through argon2 would measure password hashing. */
async function bulkBuyers(db, count) {
  const { rows } = await db.query(
    `WITH u AS (
       INSERT INTO users (username, role) SELECT 'bench-' || g, 'BUYER' FROM generate_series(1, $1) g RETURNING id, username
     )
     INSERT INTO buyers (user_id, nip, name, agency, phone)
     SELECT u.id, lpad(substr(u.username, 7), 18, '0'), 'Pegawai ' || substr(u.username, 7), 'Kementerian Koperasi dan UKM', '081200000000'
       FROM u RETURNING id AS buyer_id, user_id`,
    [count],
  );
  return rows;
}

/** The tokens a login would have issued, signed with the service's secret, issued before the clock starts. */
function issueTokens(buyers, secret) {
  const { JwtService } = require('@nestjs/jwt');
  const jwt = new JwtService({ secret, signOptions: { expiresIn: '2h', algorithm: 'HS256' } });
  return buyers.map((b) => jwt.sign({ sub: b.user_id, role: 'BUYER', bid: b.buyer_id }));
}

module.exports = { apiClient, createFixture, createWave, packOf, bulkBuyers, issueTokens };
