import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { DomainError, ErrorCode } from '../common/domain-error';
import { formatRp } from '../common/money';
import { toWib } from '../common/time';
import { AdvisoryLock, lockUntilCommit } from '../database/advisory-locks';
import { Role } from '../users/role.enum';
import { RecordCashHandoverDto } from './dto/cash-handover.dto';
import { PaymentMethod } from './payment.entity';
import { CashHandoverRecord, CashRepository } from './cash.repository';

type MethodTotals = Record<PaymentMethod, number> & { totalRp: number; payments: number };

const emptyTotals = (): MethodTotals => ({
  [PaymentMethod.Cash]: 0,
  [PaymentMethod.Transfer]: 0,
  [PaymentMethod.Qris]: 0,
  [PaymentMethod.Voucher]: 0,
  totalRp: 0,
  payments: 0,
});

/**
 * Cash custody per wave. What an officer collected is the sum of the standing payments they
 * received, by method; transfers and QRIS go straight to the programme's account, cash stays with
 * the officer until they record handing it over. Reconciliation: the standing payments equal the
 * paid orders' totals plus what is owed back on orders cancelled after payment, to the rupiah.
 */
@Injectable()
export class CashService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly repository: CashRepository,
  ) {}

  /** An administrator sees every collector and the reconciliation; an officer sees their own custody. */
  async custody(waveId: string, user: AuthUser) {
    await this.assertWave(waveId);
    const only = user.role === Role.Admin ? null : user.userId;
    const [collected, handed, paidOut] = await Promise.all([
      this.repository.collected(waveId, only),
      this.repository.handedOver(waveId, only),
      this.repository.refundsPaidOut(waveId, only),
    ]);
    const people = new Map<string, { userId: string; username: string; role: string; collected: MethodTotals }>();
    for (const line of collected) {
      const person = people.get(line.userId) ?? { userId: line.userId, username: line.username, role: line.role, collected: emptyTotals() };
      person.collected[line.method] += line.amountRp;
      person.collected.totalRp += line.amountRp;
      person.collected.payments += line.payments;
      people.set(line.userId, person);
    }
    const handedBy = new Map(handed.map((cash) => [cash.officerId, { pendingRp: cash.pendingRp, confirmedRp: cash.confirmedRp }]));
    const paidOutBy = new Map(paidOut.map((refunds) => [refunds.officerId, { refunds: refunds.refunds, amountRp: refunds.amountRp }]));
    for (const officerId of new Set([...handedBy.keys(), ...paidOutBy.keys()])) {
      if (!people.has(officerId)) {
        const u = await this.repository.person(officerId);
        people.set(officerId, { userId: officerId, username: u.username, role: u.role, collected: emptyTotals() });
      }
    }
    const officers = [...people.values()].map((person) => {
      const cashHandedOver = handedBy.get(person.userId) ?? { pendingRp: 0, confirmedRp: 0 };
      // Refunds paid out in cash at the desk leave the officer's custody like cash handed over.
      const refundsPaidOut = paidOutBy.get(person.userId) ?? { refunds: 0, amountRp: 0 };
      return {
        ...person,
        cashHandedOver,
        refundsPaidOut,
        cashHeldRp: person.collected[PaymentMethod.Cash] - cashHandedOver.pendingRp - cashHandedOver.confirmedRp - refundsPaidOut.amountRp,
      };
    });
    const totals = {
      collected: officers.reduce((sum, o) => {
        for (const key of Object.keys(sum) as (keyof MethodTotals)[]) sum[key] += o.collected[key];
        return sum;
      }, emptyTotals()),
      cashHandedOver: {
        pendingRp: officers.reduce((sum, o) => sum + o.cashHandedOver.pendingRp, 0),
        confirmedRp: officers.reduce((sum, o) => sum + o.cashHandedOver.confirmedRp, 0),
      },
      refundsPaidOutRp: officers.reduce((sum, o) => sum + o.refundsPaidOut.amountRp, 0),
      cashHeldRp: officers.reduce((sum, o) => sum + o.cashHeldRp, 0),
    };
    const shortRp = officers.reduce((sum, o) => sum + Math.min(0, o.cashHeldRp), 0);
    return {
      waveId,
      officers,
      totals,
      ...(only ? {} : { reconciliation: await this.reconcile(waveId, totals.collected.totalRp, shortRp) }),
    };
  }

  /** The officer hands cash over; it leaves their custody now and waits for an administrator's confirmation. */
  async recordHandover(waveId: string, user: AuthUser, dto: RecordCashHandoverDto) {
    await this.assertWave(waveId);
    const id = await this.dataSource.transaction(async (manager) => {
      await lockUntilCommit(manager, AdvisoryLock.CashCustody, `${user.userId}:${waveId}`);
      const heldRp = await this.repository.cashHeldRp(manager, waveId, user.userId);
      if (dto.amountRp > heldRp) {
        throw new DomainError(ErrorCode.CashNotHeld, `Anda memegang tunai ${formatRp(heldRp)} untuk gelombang ini`, [
          { field: 'amountRp', messages: [`amountRp must be at most ${heldRp}`] },
        ]);
      }
      const handoverId = await this.repository.addHandover(manager, {
        waveId,
        officerId: user.userId,
        amountRp: dto.amountRp,
        recipient: dto.recipient,
        recipientName: dto.recipientName ?? null,
        note: dto.note ?? null,
      });
      await this.audit.record(manager, {
        action: 'cash_handover.recorded',
        entityType: 'cash_handover',
        entityId: handoverId,
        waveId,
        after: { amountRp: dto.amountRp, recipient: dto.recipient, recipientName: dto.recipientName ?? null, confirmed: false },
        details: { cashHeldBeforeRp: heldRp },
      });
      return handoverId;
    });
    return this.handover(id);
  }

  /** An administrator (not the officer who handed it over) confirms the cash arrived. */
  async confirm(handoverId: string, user: AuthUser) {
    await this.dataSource.transaction(async (manager) => {
      const handover = await this.repository.lockHandover(manager, handoverId);
      if (!handover) throw DomainError.notFound('Cash hand-over');
      if (handover.confirmedAt) throw DomainError.invalidTransition('This cash hand-over has already been confirmed');
      if (handover.officerId === user.userId)
        throw DomainError.forbidden('Someone other than the person who handed the cash over must confirm it');
      await this.repository.confirmHandover(manager, handoverId, user.userId);
      await this.audit.record(manager, {
        action: 'cash_handover.confirmed',
        entityType: 'cash_handover',
        entityId: handoverId,
        waveId: handover.waveId,
        before: { confirmed: false },
        after: { confirmed: true, amountRp: handover.amountRp },
      });
    });
    return this.handover(handoverId);
  }

  async listHandovers(waveId: string, user: AuthUser) {
    await this.assertWave(waveId);
    const handovers = await this.repository.handovers(waveId, user.role === Role.Admin ? null : user.userId);
    return handovers.map(handoverView);
  }

  private async handover(id: string) {
    return handoverView(await this.repository.handover(id));
  }

  /** `shortRp`: the sum of negative cash holdings (an officer who handed over cash later refunded): never balanced. */
  private async reconcile(waveId: string, standingPaymentsRp: number, shortRp: number) {
    const figures = await this.repository.reconciliationFigures(waveId);
    const refundDueRp = figures.cancelledPaidRp + figures.shortfallCutRp - figures.refundPaidRp;
    return {
      paidOrders: figures.paidOrders,
      paidOrdersRp: figures.paidOrdersRp,
      refundDueOrders: figures.refundDueOrders,
      refundDueRp,
      refundPaidRp: figures.refundPaidRp,
      standingPaymentsRp,
      unpaidOrders: figures.unpaidOrders,
      unpaidRp: figures.unpaidRp,
      balanced: standingPaymentsRp === figures.paidOrdersRp + refundDueRp + figures.refundPaidRp && shortRp === 0,
    };
  }

  private async assertWave(waveId: string): Promise<void> {
    if (!(await this.repository.waveExists(waveId))) throw DomainError.notFound('Wave');
  }
}

function handoverView(handover: CashHandoverRecord) {
  return {
    id: handover.id,
    waveId: handover.waveId,
    officer: { userId: handover.officerId, username: handover.officer },
    amountRp: handover.amountRp,
    recipient: handover.recipient,
    recipientName: handover.recipientName,
    note: handover.note,
    recordedAt: toWib(handover.recordedAt),
    confirmed: handover.confirmedAt !== null,
    confirmedAt: toWib(handover.confirmedAt),
    confirmedBy: handover.confirmedById ? { userId: handover.confirmedById, username: handover.confirmedBy } : null,
  };
}
