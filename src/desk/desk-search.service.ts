import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user';
import { normalisePickupCode } from '../orders/pickup-code';
import { DeskOrderRecord, DeskOrdersRepository } from './desk-orders.repository';
import { DeskTransactions } from './desk-transactions';

/** Shorter text finds too much to be useful, and a trigram index needs three characters. */
export const DESK_SEARCH_MIN_LENGTH = 3;

const PICKUP_CODE = /^[0-9A-Z]{3}-[0-9A-Z]{3}$/;

/**
 * The desk's search-as-you-type: a pickup code (any case, dash optional) through the unique
 * (wave, pickup code) index, else part of a buyer's name, NIP or phone through the trigram index
 * on buyers, joined to the point's orders in the wave by buyer.
 */
@Injectable()
export class DeskSearchService {
  constructor(
    private readonly desk: DeskTransactions,
    private readonly orders: DeskOrdersRepository,
  ) {}

  async search(pointId: string, waveId: string, user: AuthUser, q: string, limit: number): Promise<DeskOrderRecord[]> {
    await this.desk.assertPointScope(user, pointId);
    const code = normalisePickupCode(q);
    // Most searches are a code typed or scanned: an exact hit is the answer, no buyer search needed.
    if (PICKUP_CODE.test(code)) {
      const hit = await this.orders.byPickupCode(pointId, waveId, code);
      if (hit.length > 0) return hit;
    }
    const text = searchText(q);
    if (text.length < DESK_SEARCH_MIN_LENGTH) return [];
    return this.orders.byBuyerText(pointId, waveId, text, limit);
  }
}

/**
 * What the officer typed, as it appears in the text buyers are found by (DeskOrdersRepository.byBuyerText):
 * lower case, and a phone number (digits with spaces, dashes or +) as bare digits without the
 * country or trunk prefix.
 */
export function searchText(q: string): string {
  const trimmed = q.trim().toLowerCase().replace(/\s+/g, ' ');
  if (/^\+?[0-9][0-9 -]*$/.test(trimmed)) {
    const digits = trimmed.replace(/[^0-9]/g, '');
    return trimmed.startsWith('+62') || trimmed.startsWith('0') ? digits.replace(/^(62|0)/, '') : digits;
  }
  return trimmed;
}
