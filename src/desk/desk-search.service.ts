import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { normalisePickupCode } from '../orders/pickup-code';
import { DESK_ORDER_SELECT, DeskOrderRow, escapeLike } from './desk-orders.service';
import { DeskTransactions } from './desk-transactions';

/** Shorter text finds too much to be useful, and a trigram index needs three characters. */
export const DESK_SEARCH_MIN_LENGTH = 3;

const PICKUP_CODE = /^[0-9A-Z]{3}-[0-9A-Z]{3}$/;

/**
 * The text a buyer is found by: the expression of the trigram index idx_buyers_desk_search
 * (migration DeskIdempotencyAndSearch), written identically so the planner uses it.
 */
const BUYER_SEARCH_TEXT = `(lower(b.name) || ' ' || b.nip || ' ' || regexp_replace(b.phone, '[^0-9]', '', 'g'))`;

/**
 * The desk's search-as-you-type: a pickup code (any case, dash optional) through the unique
 * (wave, pickup code) index, else part of a buyer's name, NIP or phone through the trigram index
 * on buyers, joined to the point's orders in the wave by buyer.
 */
@Injectable()
export class DeskSearchService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly desk: DeskTransactions,
  ) {}

  async search(pointId: string, waveId: string, user: AuthUser, q: string, limit: number): Promise<DeskOrderRow[]> {
    await this.desk.assertPointScope(user, pointId);
    const code = normalisePickupCode(q);
    // Most searches are a code typed or scanned: an exact hit is the answer, no buyer search needed.
    if (PICKUP_CODE.test(code)) {
      const hit: DeskOrderRow[] = await this.dataSource.query(
        `${DESK_ORDER_SELECT} WHERE o.wave_id = $1 AND o.pickup_code = $2 AND o.dropping_point_id = $3`,
        [waveId, code, pointId],
      );
      if (hit.length > 0) return hit;
    }
    const text = searchText(q);
    if (text.length < DESK_SEARCH_MIN_LENGTH) return [];
    // The page of ids is chosen first, so the order rows (with their packs) are built for it alone.
    return this.dataSource.query(
      `WITH page AS (
         SELECT o.id, b.name, o.pickup_code FROM buyers b JOIN orders o ON o.buyer_id = b.id
          WHERE ${BUYER_SEARCH_TEXT} LIKE $3 AND o.wave_id = $1 AND o.dropping_point_id = $2
          ORDER BY b.name, o.pickup_code, o.id LIMIT $4
       )
       ${DESK_ORDER_SELECT} JOIN page ON page.id = o.id
       ORDER BY page.name, page.pickup_code, o.id`,
      [waveId, pointId, `%${escapeLike(text)}%`, limit],
    );
  }
}

/**
 * What the officer typed, as it appears in BUYER_SEARCH_TEXT: lower case, and a phone number
 * (digits with spaces, dashes or +) as bare digits without the country or trunk prefix.
 */
export function searchText(q: string): string {
  const trimmed = q.trim().toLowerCase().replace(/\s+/g, ' ');
  if (/^\+?[0-9][0-9 -]*$/.test(trimmed)) {
    const digits = trimmed.replace(/[^0-9]/g, '');
    return trimmed.startsWith('+62') || trimmed.startsWith('0') ? digits.replace(/^(62|0)/, '') : digits;
  }
  return trimmed;
}
