import { PartialType, PickType } from '@nestjs/swagger';
import { PlaceOrderDto } from './place-order.dto';

/**
 * Where and how an unpaid order is received, changed while the wave takes orders: the placing
 * fields of the same names and rules, each optional; what is not sent stays. A new delivery address
 * comes with its own coordinates (or none): the old pin belongs to the old address.
 */
export class ChangeOrderDto extends PartialType(
  PickType(PlaceOrderDto, ['droppingPointId', 'fulfilment', 'deliveryAddress', 'deliveryLatitude', 'deliveryLongitude'] as const),
) {}
