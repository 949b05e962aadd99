import { ApiProperty } from '@nestjs/swagger';
import { toWib } from '../common/time';
import { OrderStatus } from '../orders/order-status.enum';
import { PaymentMethod } from './payment.entity';

export class StaffRef {
  @ApiProperty()
  userId: string;

  @ApiProperty()
  username: string;
}

export class LaterStaffRef {
  @ApiProperty()
  userId: string;

  @ApiProperty({ type: String, nullable: true })
  username: string | null;
}

export class PaymentView {
  @ApiProperty()
  id: string;

  @ApiProperty()
  orderId: string;

  @ApiProperty()
  waveId: string;

  @ApiProperty()
  droppingPointId: string;

  @ApiProperty({ enum: PaymentMethod, enumName: 'PaymentMethod' })
  method: PaymentMethod;

  @ApiProperty()
  amountRp: number;

  @ApiProperty({ type: String, nullable: true })
  reference: string | null;

  @ApiProperty({ type: () => StaffRef })
  receivedBy: StaffRef;

  @ApiProperty()
  receivedAt: string;

  @ApiProperty()
  reversed: boolean;

  @ApiProperty({ type: String, nullable: true })
  reversedAt: string | null;

  @ApiProperty({ type: () => LaterStaffRef, nullable: true })
  reversedBy: LaterStaffRef | null;

  @ApiProperty({ type: String, nullable: true })
  reversalReason: string | null;

  @ApiProperty({ enum: OrderStatus, enumName: 'OrderStatus' })
  orderStatus: OrderStatus;
}

export interface PaymentRow {
  id: string;
  order_id: string;
  wave_id: string;
  dropping_point_id: string;
  method: PaymentMethod;
  amount_rp: string | number;
  reference: string | null;
  received_by_id: string;
  received_by: string;
  received_at: Date;
  reversed_at: Date | null;
  reversed_by_id: string | null;
  reversed_by: string | null;
  reversal_reason: string | null;
  order_status: OrderStatus;
}

export const PAYMENT_SELECT = `
SELECT p.id, p.order_id, p.wave_id, p.dropping_point_id, p.method, p.amount_rp, p.reference,
       p.received_by_id, ru.username AS received_by, p.received_at,
       p.reversed_at, p.reversed_by_id, vu.username AS reversed_by, p.reversal_reason, o.status AS order_status
  FROM payments p
  JOIN orders o ON o.id = p.order_id
  JOIN users ru ON ru.id = p.received_by_id
  LEFT JOIN users vu ON vu.id = p.reversed_by_id`;

export function paymentView(row: PaymentRow): PaymentView {
  return {
    id: row.id,
    orderId: row.order_id,
    waveId: row.wave_id,
    droppingPointId: row.dropping_point_id,
    method: row.method,
    amountRp: Number(row.amount_rp),
    reference: row.reference,
    receivedBy: { userId: row.received_by_id, username: row.received_by },
    receivedAt: toWib(row.received_at),
    reversed: row.reversed_at !== null,
    reversedAt: toWib(row.reversed_at),
    reversedBy: row.reversed_by_id ? { userId: row.reversed_by_id, username: row.reversed_by } : null,
    reversalReason: row.reversal_reason,
    orderStatus: row.order_status,
  };
}
