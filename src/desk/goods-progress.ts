import { DataSource, EntityManager } from 'typeorm';
import { OrderStatus } from '../orders/order-status.enum';
import { WITH_BUYER_STATES } from '../orders/order-transitions';
import { HandoverRepository } from './handover.repository';

export interface PackLine {
  packId: string;
  sizeKg: number;
  quantity: number;
  productName?: string;
}

/**
 * How much of an order the buyer has: `none`, `partly` (some packs handed over at the desk or
 * some delivery trips delivered, the rest still owed) or `all`. A cancelled order owes no goods.
 */
export function goodsProgress(
  status: OrderStatus,
  items: readonly PackLine[],
  handedInPart: readonly { packId: string; quantity: number }[],
) {
  const given = new Map<string, number>();
  for (const line of handedInPart) given.set(line.packId, (given.get(line.packId) ?? 0) + line.quantity);
  const all = WITH_BUYER_STATES.includes(status);
  const handedOverPacks: PackLine[] = [];
  const owedPacks: PackLine[] = [];
  for (const item of items) {
    const handed = all ? item.quantity : Math.min(item.quantity, given.get(item.packId) ?? 0);
    if (handed > 0) handedOverPacks.push({ ...item, quantity: handed });
    if (status !== OrderStatus.Cancelled && item.quantity > handed) owedPacks.push({ ...item, quantity: item.quantity - handed });
  }
  const kg = (lines: PackLine[]) => lines.reduce((sum, line) => sum + line.sizeKg * line.quantity, 0);
  const state = all ? 'all' : handedOverPacks.length > 0 ? 'partly' : 'none';
  return { state: state, handedOverPacks, handedOverKg: kg(handedOverPacks), owedPacks, owedKg: kg(owedPacks) };
}

export type GoodsProgress = ReturnType<typeof goodsProgress>;

/**
 * The packs of an order that reached its buyer before the whole order did, as JSON
 * [{packId, quantity}]: partial hand-overs at the desk and delivered courier trips. SQL over the
 * order id expression `orderId`.
 */
export function handedInPartSql(orderId: string): string {
  return `(SELECT coalesce(json_agg(json_build_object('packId', x.pack_id, 'quantity', x.quantity)), '[]') FROM (
      SELECT h.wave_pack_id AS pack_id, h.quantity FROM handover_packs h WHERE h.order_id = ${orderId}
      UNION ALL
      SELECT (p ->> 'packId')::uuid, (p ->> 'quantity')::int
        FROM delivery_trips t CROSS JOIN jsonb_array_elements(t.packs) p
       WHERE t.order_id = ${orderId} AND t.status = 'delivered') x)`;
}

/**
 * One order's goods progress, for the buyer's view of the order (the caller has authorised the
 * reader). A function, not a provider: the orders module shows it and cannot import DeskModule,
 * which imports it.
 */
export async function orderGoodsProgress(db: EntityManager | DataSource, orderId: string): Promise<GoodsProgress> {
  const goods = await new HandoverRepository().goodsOf(db instanceof DataSource ? db.manager : db, orderId);
  return goodsProgress(goods.status, goods.items, goods.handedInPart);
}
