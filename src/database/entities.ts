import { Agency } from '../agencies/agency.entity';
import { AuditEntry } from '../audit/audit-entry.entity';
import { Buyer } from '../buyers/buyer.entity';
import { Cooperative } from '../cooperatives/cooperative.entity';
import { ProductPack } from '../cooperatives/product-pack.entity';
import { Product } from '../cooperatives/product.entity';
import { CourierBooking } from '../delivery/courier-booking.entity';
import { CourierWebhookEvent } from '../delivery/courier-webhook-event.entity';
import { DeliveryTrip } from '../delivery/delivery-trip.entity';
import { CashHandover } from '../desk/cash-handover.entity';
import { DeskIdempotencyKey } from '../desk/desk-idempotency-key.entity';
import { GoodsReceiptItem } from '../desk/goods-receipt-item.entity';
import { GoodsReceipt } from '../desk/goods-receipt.entity';
import { HandoverPack } from '../desk/handover-pack.entity';
import { OrderHandover } from '../desk/order-handover.entity';
import { RefundPayout } from '../desk/refund-payout.entity';
import { StockTransfer, StockTransferItem } from '../desk/stock-transfer.entity';
import { Payment } from '../desk/payment.entity';
import { DroppingPoint } from '../dropping-points/dropping-point.entity';
import { BuyerQuota } from '../orders/buyer-quota.entity';
import { OrderItem } from '../orders/order-item.entity';
import { Order } from '../orders/order.entity';
import { WavePackTally } from '../orders/wave-pack-tally.entity';
import { WavePointTally } from '../orders/wave-point-tally.entity';
import { PurchaseOrderLine } from '../purchase-orders/purchase-order-line.entity';
import { PurchaseOrderShipment } from '../purchase-orders/purchase-order-shipment.entity';
import { PurchaseOrderShortfall } from '../purchase-orders/purchase-order-shortfall.entity';
import { PurchaseOrderSurplus } from '../purchase-orders/purchase-order-surplus.entity';
import { PurchaseOrder } from '../purchase-orders/purchase-order.entity';
import { ShortfallCut } from '../purchase-orders/shortfall-cut.entity';
import { OutboxMessage } from '../outbox/outbox-message.entity';
import { GatewayPayment } from '../payments/gateway-payment.entity';
import { PaymentIntent } from '../payments/payment-intent.entity';
import { Refund } from '../payments/refund.entity';
import { NotificationContact } from '../notifications/notification-contact.entity';
import { NotificationFanout } from '../notifications/notification-fanout.entity';
import { NotificationPreference } from '../notifications/notification-preference.entity';
import { NotificationSweep } from '../notifications/notification-sweep.entity';
import { NotificationWebhookEvent } from '../notifications/notification-webhook-event.entity';
import { Notification } from '../notifications/notification.entity';
import { User } from '../users/user.entity';
import { VoucherBatch } from '../vouchers/voucher-batch.entity';
import { VoucherRedemption } from '../vouchers/voucher-redemption.entity';
import { Voucher } from '../vouchers/voucher.entity';
import { WaveCapacitySlice } from '../waves/wave-capacity-slice.entity';
import { WaveEvent } from '../waves/wave-event.entity';
import { WavePack } from '../waves/wave-pack.entity';
import { WaveProduct } from '../waves/wave-product.entity';
import { Wave } from '../waves/wave.entity';

/** Every entity, listed once: the app, the migration CLI and the drift test all read this. */
export const ENTITIES = [
  User,
  Agency,
  Cooperative,
  Product,
  ProductPack,
  DroppingPoint,
  Buyer,
  Wave,
  WaveProduct,
  WavePack,
  WaveCapacitySlice,
  WaveEvent,
  Order,
  OrderItem,
  BuyerQuota,
  WavePointTally,
  WavePackTally,
  Payment,
  CashHandover,
  GoodsReceipt,
  GoodsReceiptItem,
  OrderHandover,
  HandoverPack,
  StockTransfer,
  StockTransferItem,
  RefundPayout,
  DeskIdempotencyKey,
  AuditEntry,
  OutboxMessage,
  DeliveryTrip,
  CourierBooking,
  CourierWebhookEvent,
  PurchaseOrder,
  PurchaseOrderLine,
  PurchaseOrderShipment,
  PurchaseOrderShortfall,
  PurchaseOrderSurplus,
  ShortfallCut,
  PaymentIntent,
  GatewayPayment,
  Refund,
  Notification,
  NotificationPreference,
  NotificationFanout,
  NotificationSweep,
  NotificationWebhookEvent,
  NotificationContact,
  VoucherBatch,
  Voucher,
  VoucherRedemption,
];
