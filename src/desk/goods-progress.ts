import { DataSource, EntityManager } from 'typeorm';
import { OrderStatus } from '../orders/order-status.enum';
import { WITH_BUYER_STATES } from '../orders/order-transitions';
import { HandoverRepository, PackLine } from './handover.repository';

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
 * One order's goods progress, for the buyer's view of the order (the caller has authorised the
 * reader). A function, not a provider: the orders module shows it and cannot import DeskModule,
 * which imports it.
 */
export async function orderGoodsProgress(db: EntityManager | DataSource, orderId: string): Promise<GoodsProgress> {
  const goods = await new HandoverRepository().goodsOf(db instanceof DataSource ? db.manager : db, orderId);
  return goodsProgress(goods.status, goods.items, goods.handedInPart);
}
