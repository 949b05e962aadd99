import { Injectable, OnModuleInit } from '@nestjs/common';
import { WaveProgressService } from '../waves/wave-progress.service';
import { WaveStatus } from '../waves/wave-status.enum';

/** Every cooperative of the wave aliased `w` has confirmed its purchase order. */
const ALL_CONFIRMED_SQL = `NOT EXISTS (SELECT 1 FROM purchase_orders po WHERE po.wave_id = w.id AND po.status = 'sent')`;

/**
 * Goods are still to arrive while a point has packs of a cooperative to receive and no goods
 * receipt there holds a pack of that cooperative: "shipped" is the cooperative's word, "received"
 * the point's.
 */
const ALL_RECEIVED_SQL = `NOT EXISTS (
  SELECT 1 FROM purchase_order_shipments s JOIN purchase_orders po ON po.id = s.purchase_order_id
   WHERE po.wave_id = w.id
     AND EXISTS (SELECT 1 FROM wave_pack_tallies t JOIN wave_packs pk ON pk.id = t.wave_pack_id JOIN wave_products wp ON wp.id = pk.wave_product_id
                  WHERE t.wave_id = w.id AND t.dropping_point_id = s.dropping_point_id AND wp.cooperative_id = po.cooperative_id AND t.packs > 0)
     AND NOT EXISTS (SELECT 1 FROM goods_receipts r JOIN goods_receipt_items ri ON ri.receipt_id = r.id
                       JOIN wave_packs rp ON rp.id = ri.wave_pack_id JOIN wave_products rwp ON rwp.id = rp.wave_product_id
                      WHERE r.wave_id = w.id AND r.dropping_point_id = s.dropping_point_id AND rwp.cooperative_id = po.cooperative_id))`;

/**
 * What the wave's steps after ordering wait on, in purchase-order terms: the wave module moves the
 * wave (WaveProgressService), this module says when.
 */
@Injectable()
export class PurchaseOrderProgress implements OnModuleInit {
  constructor(private readonly progress: WaveProgressService) {}

  onModuleInit(): void {
    this.progress.requireFor(WaveStatus.Confirmed, ALL_CONFIRMED_SQL);
    this.progress.requireFor(WaveStatus.Delivered, ALL_RECEIVED_SQL);
  }
}
