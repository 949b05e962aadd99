import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { BuyersService } from '../buyers/buyers.service';
import { validateEnvironment } from '../config/environment';
import { Cooperative } from '../cooperatives/cooperative.entity';
import { CooperativesService } from '../cooperatives/cooperatives.service';
import { DroppingPointsService } from '../dropping-points/dropping-points.service';
import { Role } from '../users/role.enum';
import { UsersService } from '../users/users.service';
import { WavesService } from '../waves/waves.service';

const COOPERATIVE = 'Koperasi Tani Mulus';
const DEMO_PASSWORD = process.env.SEED_PASSWORD ?? 'gelombang-demo';
const HOUR = 3_600_000;

/**
 * The reference case of April 2020, ready to try: Koperasi Tani Mulus (Indramayu) selling premium
 * rice at Rp 11,000/kg in 5/10/20 kg packs, dropping points at the ministry and in Lenteng Agung
 * with an officer each, a cooperative manager, three civil servants from three agencies, and
 * "Gelombang I" open from now for two days. Does nothing when the cooperative already exists.
 */
async function seed(): Promise<void> {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(validateEnvironment(process.env)), {
    logger: ['error', 'warn', 'log'],
  });
  try {
    const dataSource = app.get(DataSource);
    if (await dataSource.getRepository(Cooperative).existsBy({ name: COOPERATIVE })) {
      console.log(`Seed: "${COOPERATIVE}" exists already; nothing to do.`);
      return;
    }
    const admin = { userId: 'seed', role: Role.Admin };
    const cooperatives = app.get(CooperativesService);
    const cooperative = await cooperatives.create({
      name: COOPERATIVE,
      region: 'Kabupaten Indramayu, Jawa Barat',
      phone: '+62 234 555 0100',
    });
    const rice = await cooperatives.addProduct(
      cooperative.id,
      {
        commodity: 'beras premium',
        name: 'Beras premium Indramayu',
        pricePerKgRp: 11_000,
        availableKg: 5_000,
        packs: [{ sizeKg: 5 }, { sizeKg: 10 }, { sizeKg: 20 }],
      },
      admin,
    );
    const points = app.get(DroppingPointsService);
    const ministry = await points.create({
      name: 'Gedung Kementerian Koperasi dan UKM',
      address: 'Jl. H.R. Rasuna Said Kav. 3-4, Kuningan, Jakarta Selatan 12940',
      latitude: -6.2146,
      longitude: 106.8312,
    });
    const lentengAgung = await points.create({
      name: 'Lenteng Agung',
      address: 'Jl. Raya Lenteng Agung, Jagakarsa, Jakarta Selatan 12610',
      latitude: -6.3302,
      longitude: 106.8346,
    });

    const users = app.get(UsersService);
    await users.create({ username: 'petugas.kemenkop', password: DEMO_PASSWORD, role: Role.Officer, droppingPointIds: [ministry.id] });
    await users.create({
      username: 'petugas.lentengagung',
      password: DEMO_PASSWORD,
      role: Role.Officer,
      droppingPointIds: [lentengAgung.id],
    });
    await users.create({ username: 'manajer.tanimulus', password: DEMO_PASSWORD, role: Role.CoopManager, cooperativeId: cooperative.id });

    const buyers = app.get(BuyersService);
    const civilServants = [
      {
        nip: '198503122010011001',
        name: 'Siti Rahmawati',
        agency: 'Kementerian Koperasi dan UKM',
        phone: '081234567801',
        point: ministry.id,
      },
      { nip: '199002142015032002', name: 'Dewi Lestari', agency: 'Kementerian Desa PDTT', phone: '081234567802', point: lentengAgung.id },
      { nip: '198811052012121001', name: 'Budi Santoso', agency: 'Bappenas', phone: '081234567803', point: ministry.id },
    ];
    for (const person of civilServants) {
      await buyers.register({
        nip: person.nip,
        name: person.name,
        agency: person.agency,
        phone: person.phone,
        password: DEMO_PASSWORD,
        defaultDroppingPointId: person.point,
      });
    }

    const waves = app.get(WavesService);
    const now = Date.now();
    const closesAt = new Date(now + 48 * HOUR);
    const wave = await waves.create({
      name: 'Gelombang I',
      opensAt: new Date(now).toISOString(),
      closesAt: closesAt.toISOString(),
      handOutDate: new Date(closesAt.getTime() + 48 * HOUR + 7 * HOUR).toISOString().slice(0, 10),
      paymentDeadline: new Date(closesAt.getTime() + 24 * HOUR).toISOString(),
      droppingPointIds: [ministry.id, lentengAgung.id],
      agencies: ['Kementerian Koperasi dan UKM', 'Kementerian Desa PDTT', 'Kementerian Dalam Negeri', 'Bappenas'],
      products: [{ productId: rice.id, capacityKg: 5_000, perBuyerLimitKg: 40 }],
    });
    await waves.publish(wave.id);
    console.log(`Seed: ${COOPERATIVE}, 2 dropping points, officers petugas.kemenkop / petugas.lentengagung, manager manajer.tanimulus,`);
    console.log(
      `      buyers ${civilServants.map((p) => p.nip).join(', ')} (password "${DEMO_PASSWORD}"), wave "Gelombang I" open until ${closesAt.toISOString()}.`,
    );
  } finally {
    await app.close();
  }
}

seed().catch((error) => {
  console.error(error);
  process.exit(1);
});
