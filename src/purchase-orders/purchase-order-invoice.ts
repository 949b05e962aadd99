import { key, PurchaseOrderParts, tonnes } from './purchase-order-document';
import type { SurplusOutcome } from './purchase-order.repository';

/** A point's goods receipts as the desk's ReceiptsService reads them (only the fields used here). */
export interface PointReceipts {
  droppingPointId: string;
  receipts: {
    id: string;
    receivedBy: { username: string };
    receivedAt: string | null;
    note: string | null;
    packs: { packId: string; sizeKg: number; quantity: number }[];
  }[];
}

type DeliveryStatus = 'not_shipped' | 'in_transit' | 'received';

/**
 * What reached each dropping point of this purchase order: the officers' goods receipts (only this
 * cooperative's packs), and per product and size what was shipped against what was received. A
 * shipped point with a receipt that holds fewer packs than were loaded has a transport loss; more
 * packs than were loaded (or due, when nothing was marked shipped) are a surplus at the point.
 */
export function deliveriesOf(parts: PurchaseOrderParts, received: PointReceipts[], outcomes: SurplusOutcome[] = []) {
  const byPack = new Map(parts.catalog.map((pack) => [pack.wavePackId, pack]));
  return parts.points.map((point) => {
    const manifest = parts.manifests.get(point.id) ?? null;
    const receipts = (received.find((entry) => entry.droppingPointId === point.id)?.receipts ?? [])
      .map((receipt) => ({
        id: receipt.id,
        receivedAt: receipt.receivedAt,
        receivedBy: receipt.receivedBy.username,
        note: receipt.note,
        packs: receipt.packs
          .filter((pack) => byPack.has(pack.packId))
          .map((pack) => {
            const head = byPack.get(pack.packId)!;
            return {
              productId: head.productId,
              name: head.name,
              sizeKg: pack.sizeKg,
              packs: pack.quantity,
              kg: pack.quantity * pack.sizeKg,
            };
          }),
      }))
      .filter((receipt) => receipt.packs.length > 0);
    const receivedOf = new Map<string, number>();
    for (const receipt of received.find((entry) => entry.droppingPointId === point.id)?.receipts ?? [])
      for (const pack of receipt.packs)
        if (byPack.has(pack.packId)) receivedOf.set(pack.packId, (receivedOf.get(pack.packId) ?? 0) + pack.quantity);
    const lines = parts.catalog
      .map((pack) => {
        const shipped = manifest ? (manifest.find((line) => line.wavePackId === pack.wavePackId)?.packs ?? 0) : null;
        const basis = shipped ?? parts.current.get(key(pack.wavePackId, point.id)) ?? 0;
        const receivedPacks = receivedOf.get(pack.wavePackId) ?? 0;
        const surplusPacks = receipts.length > 0 ? Math.max(0, receivedPacks - basis) : 0;
        const outcome = (kind: SurplusOutcome['outcome']) =>
          outcomes
            .filter((entry) => entry.droppingPointId === point.id && entry.wavePackId === pack.wavePackId && entry.outcome === kind)
            .reduce((sum, entry) => sum + entry.packs, 0);
        const surplusReturnedPacks = outcome('returned');
        const surplusSettledPacks = outcome('settled');
        return {
          wavePackId: pack.wavePackId,
          productId: pack.productId,
          name: pack.name,
          sizeKg: pack.sizeKg,
          priceRp: pack.priceRp,
          shippedPacks: shipped,
          receivedPacks,
          lostPacks: receipts.length > 0 && shipped !== null ? Math.max(0, shipped - receivedPacks) : 0,
          surplusPacks,
          surplusReturnedPacks,
          surplusSettledPacks,
          /** Surplus nobody has returned or settled yet. */
          surplusOpenPacks: Math.max(0, surplusPacks - surplusReturnedPacks - surplusSettledPacks),
          basis,
        };
      })
      .filter((line) => line.basis > 0 || line.receivedPacks > 0 || line.surplusReturnedPacks > 0 || line.surplusSettledPacks > 0);
    const kg = (pick: (line: (typeof lines)[number]) => number) => lines.reduce((sum, line) => sum + pick(line) * line.sizeKg, 0);
    const status: DeliveryStatus = receipts.length > 0 ? 'received' : manifest ? 'in_transit' : 'not_shipped';
    return {
      droppingPointId: point.id,
      name: point.name,
      status,
      shippedKg: manifest ? kg((line) => line.shippedPacks ?? 0) : null,
      receivedKg: kg((line) => line.receivedPacks),
      lostKg: kg((line) => line.lostPacks),
      surplusKg: kg((line) => line.surplusPacks),
      surplusReturnedKg: kg((line) => line.surplusReturnedPacks),
      surplusSettledKg: kg((line) => line.surplusSettledPacks),
      surplusOpenKg: kg((line) => line.surplusOpenPacks),
      receipts,
      lines: lines.map(({ basis: _basis, wavePackId: _id, priceRp: _price, ...line }) => line),
    };
  });
}

export type Deliveries = ReturnType<typeof deliveriesOf>;

interface Amounts {
  orderedPacks: number;
  shortfallPacks: number;
  cancelledPacks: number;
  shortShippedPacks: number;
  transportLossPacks: number;
  notYetReceivedPacks: number;
  billedPacks: number;
  surplusSettledPacks: number;
}

const ZERO: Amounts = {
  orderedPacks: 0,
  shortfallPacks: 0,
  cancelledPacks: 0,
  shortShippedPacks: 0,
  transportLossPacks: 0,
  notYetReceivedPacks: 0,
  billedPacks: 0,
  surplusSettledPacks: 0,
};

/**
 * What the programme owes the cooperative for the wave: what was received at the points (never
 * more than was shipped, or due when nothing was marked shipped) at the wave's pack prices. Per
 * pack and point the ordered packs are accounted for whole:
 *   ordered = shortfall cut + cancelled before shipping + shipped short + lost in transport
 *             + not yet received + billed.
 * A surplus the programme settled (kept, at the same prices) is added; one nobody settled or that
 * was returned to the cooperative is shown, not billed.
 */
export function invoiceOf(parts: PurchaseOrderParts, deliveries: Deliveries) {
  const po = parts.document;
  const perPack = new Map<string, Amounts>();
  const perPoint = new Map<string, Amounts>();
  const add = (map: Map<string, Amounts>, id: string, amounts: Amounts) => {
    const sum = map.get(id) ?? { ...ZERO };
    for (const field of Object.keys(ZERO) as (keyof Amounts)[]) sum[field] += amounts[field];
    map.set(id, sum);
  };
  for (const point of parts.points) {
    const manifest = parts.manifests.get(point.id) ?? null;
    const delivery = deliveries.find((entry) => entry.droppingPointId === point.id)!;
    const hasReceipts = delivery.receipts.length > 0;
    for (const pack of parts.catalog) {
      const k = key(pack.wavePackId, point.id);
      const ordered = parts.ordered.get(k) ?? 0;
      const cut = parts.cut.get(k) ?? 0;
      const line = manifest?.find((entry) => entry.wavePackId === pack.wavePackId);
      const due = manifest ? (line ? (line.duePacks ?? line.packs) : 0) : (parts.current.get(k) ?? 0);
      const basis = manifest ? (line?.packs ?? 0) : due;
      const shown = delivery.lines.find((entry) => entry.productId === pack.productId && entry.sizeKg === pack.sizeKg);
      const received = shown?.receivedPacks ?? 0;
      const billed = Math.min(received, basis);
      const amounts: Amounts = {
        orderedPacks: ordered,
        shortfallPacks: cut,
        cancelledPacks: ordered - cut - due,
        shortShippedPacks: due - basis,
        transportLossPacks: hasReceipts ? basis - billed : 0,
        notYetReceivedPacks: hasReceipts ? 0 : basis - billed,
        billedPacks: billed,
        surplusSettledPacks: shown?.surplusSettledPacks ?? 0,
      };
      if (Object.values(amounts).every((value) => value === 0)) continue;
      add(perPack, pack.wavePackId, amounts);
      add(perPoint, `${point.id}|${pack.wavePackId}`, amounts);
    }
  }
  const money = (amounts: Amounts, priceRp: number, sizeKg: number) => ({
    orderedRp: amounts.orderedPacks * priceRp,
    shortfallRp: amounts.shortfallPacks * priceRp,
    cancelledRp: amounts.cancelledPacks * priceRp,
    shortShippedRp: amounts.shortShippedPacks * priceRp,
    transportLossRp: amounts.transportLossPacks * priceRp,
    notYetReceivedRp: amounts.notYetReceivedPacks * priceRp,
    billedKg: (amounts.billedPacks + amounts.surplusSettledPacks) * sizeKg,
    surplusSettledRp: amounts.surplusSettledPacks * priceRp,
    amountRp: (amounts.billedPacks + amounts.surplusSettledPacks) * priceRp,
  });
  const lines = parts.catalog
    .filter((pack) => perPack.has(pack.wavePackId))
    .map((pack) => {
      const amounts = perPack.get(pack.wavePackId)!;
      return {
        productId: pack.productId,
        name: pack.name,
        sizeKg: pack.sizeKg,
        pricePerKgRp: pack.pricePerKgRp,
        priceRp: pack.priceRp,
        ...amounts,
        ...money(amounts, pack.priceRp, pack.sizeKg),
      };
    });
  const points = parts.points.map((point) => {
    const rows = parts.catalog
      .filter((pack) => perPoint.has(`${point.id}|${pack.wavePackId}`))
      .map((pack) => money(perPoint.get(`${point.id}|${pack.wavePackId}`)!, pack.priceRp, pack.sizeKg));
    return {
      droppingPointId: point.id,
      name: point.name,
      deliveryStatus: deliveries.find((entry) => entry.droppingPointId === point.id)!.status,
      ...totalOf(rows),
    };
  });
  const totals = totalOf(lines);
  const awaiting = points.filter((point) => point.notYetReceivedRp > 0).length;
  const receivedAny = deliveries.some((delivery) => delivery.status === 'received');
  return {
    purchaseOrderId: po.id,
    number: `INV-${po.number.replace(/^PO-/, '')}`,
    purchaseOrderNumber: po.number,
    cooperative: po.cooperative,
    wave: po.wave,
    /** final: every point that is owed goods has received them; partly_received: some have; awaiting_goods: none yet. */
    status: awaiting === 0 && receivedAny ? 'final' : receivedAny ? 'partly_received' : 'awaiting_goods',
    lines,
    droppingPoints: points,
    totals: { ...totals, billedTonnes: tonnes(totals.billedKg) },
    /** What the programme owes the cooperative now. */
    amountDueRp: totals.amountRp,
  };
}

type MoneyField =
  | 'orderedRp'
  | 'shortfallRp'
  | 'cancelledRp'
  | 'shortShippedRp'
  | 'transportLossRp'
  | 'notYetReceivedRp'
  | 'billedKg'
  | 'surplusSettledRp'
  | 'amountRp';

function totalOf(rows: Record<MoneyField, number>[]) {
  const sum = (field: keyof (typeof rows)[number]) => rows.reduce((total, row) => total + row[field], 0);
  return {
    orderedRp: sum('orderedRp'),
    shortfallRp: sum('shortfallRp'),
    cancelledRp: sum('cancelledRp'),
    shortShippedRp: sum('shortShippedRp'),
    transportLossRp: sum('transportLossRp'),
    notYetReceivedRp: sum('notYetReceivedRp'),
    billedKg: sum('billedKg'),
    surplusSettledRp: sum('surplusSettledRp'),
    amountRp: sum('amountRp'),
  };
}

export type Invoice = ReturnType<typeof invoiceOf>;
