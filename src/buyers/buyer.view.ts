import { toWib } from '../common/time';
import type { Buyer } from './buyer.entity';

export function buyerView(buyer: Buyer) {
  return {
    id: buyer.id,
    nip: buyer.nip,
    kind: buyer.kind,
    name: buyer.name,
    agency: buyer.agency,
    phone: buyer.phone,
    defaultDroppingPointId: buyer.defaultDroppingPointId,
    createdAt: toWib(buyer.createdAt),
  };
}
