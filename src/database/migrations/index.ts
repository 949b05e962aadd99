import { InitialSchema1795400334203 } from './1795400334203-InitialSchema';
import { DeskAndAudit1795401166993 } from './1795401166993-DeskAndAudit';
import { Delivery1795401882136 } from './1795401882136-Delivery';
import { DeliveryTripsFollowOrders1795402373960 } from './1795402373960-DeliveryTripsFollowOrders';
import { PurchaseOrders1795402542569 } from './1795402542569-PurchaseOrders';
import { OrderBatchPlacement1796100000000 } from './1796100000000-OrderBatchPlacement';
import { WaveRecurrence1796235326245 } from './1796235326245-WaveRecurrence';
import { DeskIdempotencyAndSearch1796235515976 } from './1796235515976-DeskIdempotencyAndSearch';
import { SqlInModules1796236500000 } from './1796236500000-SqlInModules';
import { OneOrderEngine1796237000000 } from './1796237000000-OneOrderEngine';
import { QrisPayments1796236600000 } from './1796236600000-QrisPayments';
import { Notifications1796237500000 } from './1796237500000-Notifications';
import { NotificationContacts1796238000000 } from './1796238000000-NotificationContacts';
import { WalkthroughRules1796236012149 } from './1796236012149-WalkthroughRules';
import { DeskSearchIndexWithoutPendingList1796237452529 } from './1796237452529-DeskSearchIndexWithoutPendingList';
import { Vouchers1796487948681 } from './1796487948681-Vouchers';
import { DroppingPointOpeningHours1796488409561 } from './1796488409561-DroppingPointOpeningHours';
import { ShipmentDetailsAndSurplus1796489106940 } from './1796489106940-ShipmentDetailsAndSurplus';
import { ShortfallVoucherBack1796493097750 } from './1796493097750-ShortfallVoucherBack';
import { DeskSteps1797210000000 } from './1797210000000-DeskSteps';
import { StaffPasswordReset1797300000000 } from './1797300000000-StaffPasswordReset';

/** Every migration in order of creation; add each newly generated one here. */
export const MIGRATIONS = [
  InitialSchema1795400334203,
  DeskAndAudit1795401166993,
  Delivery1795401882136,
  DeliveryTripsFollowOrders1795402373960,
  PurchaseOrders1795402542569,
  OrderBatchPlacement1796100000000,
  WaveRecurrence1796235326245,
  DeskIdempotencyAndSearch1796235515976,
  SqlInModules1796236500000,
  OneOrderEngine1796237000000,
  QrisPayments1796236600000,
  Notifications1796237500000,
  WalkthroughRules1796236012149,
  DeskSearchIndexWithoutPendingList1796237452529,
  NotificationContacts1796238000000,
  Vouchers1796487948681,
  DroppingPointOpeningHours1796488409561,
  ShipmentDetailsAndSurplus1796489106940,
  ShortfallVoucherBack1796493097750,
  DeskSteps1797210000000,
  StaffPasswordReset1797300000000,
];
