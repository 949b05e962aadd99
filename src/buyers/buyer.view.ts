import { ApiProperty } from '@nestjs/swagger';
import { toWib } from '../common/time';
import { Buyer, EmployeeKind } from './buyer.entity';

export class BuyerView {
  @ApiProperty()
  id: string;

  @ApiProperty()
  nip: string;

  @ApiProperty({ enum: EmployeeKind, enumName: 'EmployeeKind' })
  kind: EmployeeKind;

  @ApiProperty()
  name: string;

  @ApiProperty()
  agency: string;

  @ApiProperty()
  phone: string;

  @ApiProperty({ type: String, nullable: true })
  defaultDroppingPointId: string | null;

  @ApiProperty()
  createdAt: string;
}

export function buyerView(buyer: Buyer): BuyerView {
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
