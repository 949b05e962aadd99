import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { DomainError, ErrorCode } from '../common/domain-error';
import { DeskIdempotency, Outcome } from './desk-idempotency';
import { DeskTransactions, lockDesk } from './desk-transactions';
import { StockTransferDto } from './dto/desk-steps.dto';
import { ReceiptsRepository } from './receipts.repository';
import { ReceiptsService, transferView } from './receipts.service';
import { StockService } from './stock.service';

/**
 * Surplus packs moved from one dropping point to another, recorded at both ends: out of the first
 * point's stock, into the second's (where paid orders that were short may become ready at once).
 * Only surplus moves: packs none of the first point's standing orders need.
 */
@Injectable()
export class TransfersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly desk: DeskTransactions,
    private readonly receipts: ReceiptsService,
    private readonly repository: ReceiptsRepository,
    private readonly stock: StockService,
    private readonly audit: AuditService,
    private readonly once: DeskIdempotency,
  ) {}

  async record(fromPointId: string, user: AuthUser, dto: StockTransferDto, key: string | null): Promise<Outcome<unknown>> {
    await this.desk.assertPointScope(user, fromPointId);
    const canonical = {
      fromPointId,
      toPointId: dto.toDroppingPointId,
      waveId: dto.waveId,
      packs: [...dto.packs].sort((a, b) => (a.packId < b.packId ? -1 : 1)).map((pack) => [pack.packId, pack.quantity]),
      note: dto.note ?? null,
    };
    return this.dataSource.transaction(async (manager) => {
      // Both desks, in one order everywhere, so two transfers the opposite way never wait on each other.
      for (const pointId of [fromPointId, dto.toDroppingPointId].sort()) await lockDesk(manager, dto.waveId, pointId);
      return this.once.run(manager, user, { key, action: 'stock_transfer', canonical }, () => this.move(manager, fromPointId, user, dto));
    });
  }

  private async move(manager: EntityManager, fromPointId: string, user: AuthUser, dto: StockTransferDto) {
    await this.assertMovable(manager, fromPointId, dto);
    const transferId = await this.repository.addTransfer(manager, {
      waveId: dto.waveId,
      fromPointId,
      toPointId: dto.toDroppingPointId,
      recordedById: user.userId,
      note: dto.note ?? null,
      packs: dto.packs,
    });
    const ready = await this.stock.makeReady(manager, dto.waveId, dto.toDroppingPointId);
    for (const [pointId, direction] of [
      [fromPointId, 'out'],
      [dto.toDroppingPointId, 'in'],
    ] as const) {
      await this.audit.record(manager, {
        action: `stock.moved_${direction}`,
        entityType: 'stock_transfer',
        entityId: transferId,
        waveId: dto.waveId,
        droppingPointId: pointId,
        after: { packs: dto.packs, from: fromPointId, to: dto.toDroppingPointId, note: dto.note ?? null },
        details: direction === 'in' ? { ordersMadeReady: ready.length } : {},
      });
    }
    const [transfer] = await this.repository.transfers(fromPointId, dto.waveId, transferId, manager);
    return {
      ...transferView(transfer, fromPointId),
      ordersMadeReady: ready.length,
      from: { droppingPointId: fromPointId, ...(await this.receipts.stockView(fromPointId, dto.waveId, manager)) },
      to: { droppingPointId: dto.toDroppingPointId, ...(await this.receipts.stockView(dto.toDroppingPointId, dto.waveId, manager)) },
    };
  }

  private async assertMovable(manager: EntityManager, fromPointId: string, dto: StockTransferDto): Promise<void> {
    if (dto.toDroppingPointId === fromPointId) throw DomainError.validation('toDroppingPointId', 'toDroppingPointId must be another point');
    const serving = await this.repository.pointsServing(manager, dto.waveId, [fromPointId, dto.toDroppingPointId]);
    if (!serving.includes(fromPointId)) throw DomainError.validation('waveId', 'this dropping point does not serve the wave');
    if (!serving.includes(dto.toDroppingPointId)) {
      throw DomainError.validation('toDroppingPointId', 'toDroppingPointId does not name a point serving the wave');
    }
    const surplus = new Map(
      (await this.receipts.stockView(fromPointId, dto.waveId, manager)).stock.map((row) => [row.packId, row.surplusPacks]),
    );
    const seen = new Set<string>();
    dto.packs.forEach((pack, index) => {
      const spare = surplus.get(pack.packId);
      if (spare === undefined) throw DomainError.validation(`packs.${index}.packId`, 'packId is not a pack of this wave');
      if (seen.has(pack.packId)) throw DomainError.validation(`packs.${index}.packId`, 'each pack may appear once');
      seen.add(pack.packId);
      if (pack.quantity > spare) {
        throw new DomainError(ErrorCode.StockNotSurplus, `Only ${spare} of these packs are surplus at this point`, [
          { field: `packs.${index}.quantity`, messages: [`quantity must be at most ${spare} (surplus at the point)`] },
        ]);
      }
    });
  }
}
