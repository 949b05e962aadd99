import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../auth/auth-user';
import { DomainError } from '../../common/domain-error';
import { CooperativesRepository } from '../../cooperatives/cooperatives.repository';
import { Role } from '../../users/role.enum';
import { CooperativePurchaseOrderRow, OpenWaveDemandRow, PurchaseOrderRepository } from '../../purchase-orders/purchase-order.repository';
import { CutOrderRow, ShortfallRepository } from '../../purchase-orders/shortfall.repository';

/** What the manager's pages read beyond the purchase-order API: lists across waves, who a shortfall cut, open waves. */
@Injectable()
export class KoperasiPagesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly purchaseOrderRecords: PurchaseOrderRepository,
    private readonly shortfalls: ShortfallRepository,
    private readonly cooperatives: CooperativesRepository,
  ) {}

  cooperativeOf(user: AuthUser): string {
    if (user.role !== Role.CoopManager || !user.cooperativeId) throw DomainError.forbidden('Only a cooperative manager has these pages');
    return user.cooperativeId;
  }

  purchaseOrders(cooperativeId: string): Promise<CooperativePurchaseOrderRow[]> {
    return this.purchaseOrderRecords.ofCooperative(cooperativeId);
  }

  /** The orders a shortfall cut, latest first as the rule cuts them: the page names them. */
  cuts(purchaseOrderId: string): Promise<CutOrderRow[]> {
    return this.shortfalls.cutOrders(purchaseOrderId);
  }

  /** While a wave is open: the kg of this cooperative's products ordered so far, per point, from the tallies. */
  openWaves(cooperativeId: string): Promise<OpenWaveDemandRow[]> {
    return this.purchaseOrderRecords.openWaveDemand(cooperativeId);
  }

  /**
   * A product's price per kg and the tonnage on offer. Packs priced at size x price follow the new
   * price; a pack with a price of its own keeps it. Published waves keep the prices they froze.
   */
  async updateProduct(cooperativeId: string, productId: string, change: { pricePerKgRp: number; availableKg: number }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.cooperatives.updatePriceAndSupply(manager, cooperativeId, productId, change))) throw DomainError.notFound('Product');
    });
  }
}
