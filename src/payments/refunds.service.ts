import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { DomainError } from '../common/domain-error';
import { toWib } from '../common/time';
import { PaymentsRepository, Refund } from './payments.repository';

/** Refunds owed for gateway payments an order could not take, and the per-wave QRIS reconciliation. */
@Injectable()
export class RefundsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: PaymentsRepository,
    private readonly audit: AuditService,
  ) {}

  async list(waveId: string, status?: 'owed' | 'settled') {
    return (await this.repository.refundsOfWave(waveId, status)).map(refundView);
  }

  /** An administrator records that the money went back (a transfer or the gateway's refund), with its reference. */
  async settle(refundId: string, user: AuthUser, reference: string) {
    await this.dataSource.transaction(async (manager) => {
      const refund = await this.repository.lockRefund(manager, refundId);
      if (!refund) throw DomainError.notFound('Refund');
      if (refund.settledAt) throw DomainError.invalidTransition('Pengembalian dana ini sudah diselesaikan');
      await this.repository.settleRefund(manager, refundId, user.userId, reference);
      await this.audit.record(manager, {
        action: 'refund.settled',
        entityType: 'refund',
        entityId: refundId,
        orderId: refund.orderId,
        waveId: refund.waveId,
        before: { settled: false },
        after: { settled: true, reference, amountRp: refund.amountRp },
      });
    });
    return refundView(await this.repository.refund(refundId));
  }

  /**
   * What the gateway reported settled for the wave equals, to the rupiah, what the service
   * recorded: QRIS payments standing on orders (paid, or cancelled afterwards: owed back by the
   * desk's reconciliation) plus refunds raised; nothing reported is left unaccounted.
   */
  async reconciliation(waveId: string) {
    const totals = await this.repository.qrisTotals(waveId);
    const recordedRp = totals.paidOrdersRp + totals.cancelledAfterPaymentRp + totals.reversedRp + totals.refundsRaisedRp;
    return { waveId, ...totals, recordedRp, balanced: recordedRp === totals.gatewaySettledRp };
  }
}

function refundView(refund: Refund) {
  return {
    id: refund.id,
    orderId: refund.orderId,
    waveId: refund.waveId,
    pickupCode: refund.pickupCode,
    buyer: { name: refund.buyerName, nip: refund.nip },
    amountRp: refund.amountRp,
    reason: refund.reason,
    gatewayPaymentId: refund.gatewayPaymentId,
    createdAt: toWib(refund.createdAt),
    settled: refund.settledAt !== null,
    settledAt: toWib(refund.settledAt),
    settledBy: refund.settledBy,
    settlementReference: refund.settlementReference,
  };
}
