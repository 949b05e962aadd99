import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Environment } from '../config/environment';

/** Links that go into messages. The unsubscribe token is the buyer id signed, so it needs no table and no login. */
export class Links {
  constructor(private readonly env: Pick<Environment, 'PUBLIC_URL' | 'JWT_SECRET'>) {}

  order(orderId: string): string {
    return `${this.base()}/orders/${orderId}`;
  }

  wave(waveId: string): string {
    return `${this.base()}/waves/${waveId}`;
  }

  purchaseOrder(purchaseOrderId: string): string {
    return `${this.base()}/purchase-orders/${purchaseOrderId}`;
  }

  /** An officer's desk at one dropping point. */
  desk(droppingPointId: string): string {
    return `${this.base()}/petugas/titik/${droppingPointId}`;
  }

  unsubscribe(buyerId: string): string {
    return `${this.base()}/notifications/unsubscribe/${buyerId}.${this.mac(buyerId)}`;
  }

  /** The buyer id a one-tap unsubscribe token stands for, or null when it was not made by us. */
  buyerOfToken(token: string): string | null {
    const [buyerId, mac] = token.split('.');
    if (!buyerId || !mac || !/^[0-9a-f-]{36}$/.test(buyerId)) return null;
    const expected = Buffer.from(this.mac(buyerId));
    const given = Buffer.from(mac);
    return given.length === expected.length && timingSafeEqual(given, expected) ? buyerId : null;
  }

  private mac(buyerId: string): string {
    return createHmac('sha256', this.env.JWT_SECRET).update(`unsubscribe:${buyerId}`).digest('base64url').slice(0, 32);
  }

  private base(): string {
    return this.env.PUBLIC_URL.replace(/\/$/, '');
  }
}
