import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { DomainError } from '../common/domain-error';
import { toWib } from '../common/time';
import { DomainEvents } from '../events/domain-events';
import { DeskIdempotency } from './desk-idempotency';
import { DeskTransactions } from './desk-transactions';
import { RecordReceiptDto } from './dto/receipt.dto';
import { GoodsReceiptRecord, ReceiptsRepository, StockTransferRecord } from './receipts.repository';
import { StockService } from './stock.service';

@Injectable()
export class ReceiptsService {
  constructor(
    private readonly repository: ReceiptsRepository,
    private readonly desk: DeskTransactions,
    private readonly stock: StockService,
    private readonly events: DomainEvents,
    private readonly audit: AuditService,
    private readonly once: DeskIdempotency,
  ) {}

  /**
   * Records what arrived at the point for the wave. In the same transaction: the point's paid
   * orders become ready as far as the packs go, and goods.received is published (home deliveries
   * are queued by its listener), so all of it commits or none.
   */
  async record(pointId: string, user: AuthUser, dto: RecordReceiptDto, key: string | null) {
    const canonical = {
      pointId,
      waveId: dto.waveId,
      packs: [...dto.packs].sort((a, b) => (a.packId < b.packId ? -1 : 1)).map((pack) => [pack.packId, pack.quantity]),
      note: dto.note ?? null,
    };
    return this.desk.withDesk(dto.waveId, pointId, user, (manager) =>
      this.once.run(manager, user, { key, action: 'receipt', canonical }, () => this.receive(manager, pointId, user, dto)),
    );
  }

  private async receive(manager: EntityManager, pointId: string, user: AuthUser, dto: RecordReceiptDto) {
    await this.assertReceivable(manager, dto, pointId);
    const receiptId = await this.repository.addReceipt(manager, {
      waveId: dto.waveId,
      pointId,
      receivedById: user.userId,
      note: dto.note ?? null,
      packs: dto.packs,
    });
    const ready = await this.stock.makeReady(manager, dto.waveId, pointId);
    await this.audit.record(manager, {
      action: 'goods.received',
      entityType: 'goods_receipt',
      entityId: receiptId,
      waveId: dto.waveId,
      droppingPointId: pointId,
      after: { packs: dto.packs, note: dto.note ?? null },
      details: { ordersMadeReady: ready.length },
    });
    await this.events.publish(manager, { type: 'goods.received', waveId: dto.waveId, droppingPointId: pointId, receiptId });
    const [recorded] = await this.repository.receipts(pointId, dto.waveId, receiptId, manager);
    return { ...receiptView(recorded), ordersMadeReady: ready.length, ...(await this.stockView(pointId, dto.waveId, manager)) };
  }

  /** The receipts of a point for a wave, and per pack what was ordered, paid, received and is short. */
  async list(pointId: string, user: AuthUser, waveId: string) {
    await this.desk.assertPointScope(user, pointId);
    const [receipts, transfers] = await Promise.all([
      this.repository.receipts(pointId, waveId),
      this.repository.transfers(pointId, waveId),
    ]);
    return {
      waveId,
      droppingPointId: pointId,
      receipts: receipts.map(receiptView),
      transfers: transfers.map((row) => transferView(row, pointId)),
      ...(await this.stockView(pointId, waveId)),
    };
  }

  /**
   * A point's receipts for a wave (without the stock), without an officer's scope: for a caller that
   * authorised its reader itself (the cooperative's purchase order).
   */
  async receiptsAt(pointId: string, waveId: string) {
    const receipts = await this.repository.receipts(pointId, waveId);
    return { waveId, droppingPointId: pointId, receipts: receipts.map(receiptView) };
  }

  private async assertReceivable(manager: EntityManager, dto: RecordReceiptDto, pointId: string): Promise<void> {
    const wave = await this.repository.waveAtPoint(manager, dto.waveId, pointId);
    if (!wave) throw DomainError.validation('waveId', 'waveId does not name a wave');
    if (!wave.servesPoint) throw DomainError.validation('waveId', 'this dropping point does not serve the wave');
    if (wave.status === 'draft' || wave.status === 'cancelled') {
      throw DomainError.invalidTransition(`Goods cannot be received for a ${wave.status} wave`);
    }
    const known = new Set(await this.repository.wavePackIds(manager, dto.waveId));
    const seen = new Set<string>();
    dto.packs.forEach((pack, index) => {
      if (!known.has(pack.packId)) throw DomainError.validation(`packs.${index}.packId`, 'packId is not a pack of this wave');
      if (seen.has(pack.packId)) throw DomainError.validation(`packs.${index}.packId`, 'each pack may appear once');
      seen.add(pack.packId);
    });
  }

  /** Per pack at the point: ordered, paid, received from the cooperative, moved in and out, handed over, short and surplus. */
  async stockView(pointId: string, waveId: string, manager?: EntityManager) {
    const lines = await this.repository.stockLines(pointId, waveId, manager);
    const stock = lines.map((line) => {
      // What the point has: from the cooperative, plus moved in, minus moved out to other points.
      const at = line.received + line.movedIn - line.movedOut;
      return {
        packId: line.packId,
        productName: line.productName,
        sizeKg: line.sizeKg,
        orderedPacks: line.ordered,
        paidPacks: line.paid,
        receivedPacks: line.received,
        movedInPacks: line.movedIn,
        movedOutPacks: line.movedOut,
        handedOverPacks: line.handedOver,
        shortfallPacks: Math.max(0, line.ordered - at),
        surplusPacks: Math.max(0, at - line.ordered),
      };
    });
    return {
      stock,
      shortfall: {
        packs: stock.reduce((sum, row) => sum + row.shortfallPacks, 0),
        kg: stock.reduce((sum, row) => sum + row.shortfallPacks * row.sizeKg, 0),
      },
    };
  }
}

export function transferView(transfer: StockTransferRecord, pointId: string) {
  return {
    id: transfer.id,
    direction: transfer.fromPointId === pointId ? ('out' as const) : ('in' as const),
    from: { droppingPointId: transfer.fromPointId, name: transfer.fromPoint },
    to: { droppingPointId: transfer.toPointId, name: transfer.toPoint },
    recordedBy: transfer.recordedBy,
    recordedAt: toWib(transfer.recordedAt),
    note: transfer.note,
    packs: transfer.packs,
  };
}

function receiptView(receipt: GoodsReceiptRecord) {
  return {
    id: receipt.id,
    waveId: receipt.waveId,
    droppingPointId: receipt.droppingPointId,
    receivedBy: { userId: receipt.receivedById, username: receipt.receivedBy },
    receivedAt: toWib(receipt.receivedAt),
    note: receipt.note,
    packs: receipt.packs,
  };
}
