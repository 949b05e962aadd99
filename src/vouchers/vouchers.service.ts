import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AgenciesService } from '../agencies/agencies.service';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { writeCsv } from '../common/csv';
import { DomainError, ErrorCode } from '../common/domain-error';
import { uniqueViolationColumns } from '../common/postgres-errors';
import { toWib } from '../common/time';
import { DeskOrder, DeskTransactions } from '../desk/desk-transactions';
import { PaymentMethod } from '../desk/payment.entity';
import { StandingPayments } from '../desk/standing-payment';
import { DomainEvents } from '../events/domain-events';
import { OrderStatus } from '../orders/order-status.enum';
import { DeskPaymentsRepository } from '../desk/payments.repository';
import { PaymentsRepository } from '../payments/payments.repository';
import { isPaidStatus, PAID_ORDER_STATES } from '../orders/order-transitions';
import { Role } from '../users/role.enum';
import { IssueVouchersDto } from './dto/issue-vouchers.dto';
import { VoucherEligibility } from './voucher-batch.entity';
import { newVoucherCode, normaliseVoucherCode } from './voucher-codes';
import { VOUCHER_USER_ID } from './voucher-user';
import { OrderBuyerIdentity, voucherCoveredRp, VoucherHolder, VouchersRepository, VoucherToApply } from './vouchers.repository';

const INSERT_CHUNK = 1000;

/**
 * Programme vouchers: issued in batches by the administrator, applied by a buyer to an order under
 * the desk's locks, where they pay all of it (the order's standing payment, method VOUCHER) or part
 * of it (the rest is owed by QRIS or at the desk: see voucherCoveredRp). A voucher stands on one
 * order at most (a partial unique index); a cancelled order gives it back.
 */
@Injectable()
export class VouchersService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: VouchersRepository,
    private readonly payments: PaymentsRepository,
    private readonly deskPayments: DeskPaymentsRepository,
    private readonly desk: DeskTransactions,
    private readonly standingPayments: StandingPayments,
    private readonly audit: AuditService,
    private readonly agencies: AgenciesService,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    this.events.subscribe('order.cancelled', (manager, event) => this.release(manager, event.orderIds, 'order_cancelled'));
  }

  /** A batch of codes: `count` to print, or one for each named civil servant in `assignTo`. */
  async issue(dto: IssueVouchersDto, user: AuthUser) {
    if ((dto.count === undefined) === (dto.assignTo === undefined)) {
      throw DomainError.validation('count', 'Give either count (codes to print) or assignTo (named civil servants), not both');
    }
    if (dto.eligibility === VoucherEligibility.Agency && !dto.agency) throw DomainError.validation('agency', 'agency is required');
    if (dto.eligibility !== VoucherEligibility.Agency && dto.agency)
      throw DomainError.validation('agency', 'agency is only for eligibility=agency');
    if (dto.eligibility === VoucherEligibility.Nips && !dto.nips) throw DomainError.validation('nips', 'nips is required');
    if (dto.eligibility !== VoucherEligibility.Nips && dto.nips) throw DomainError.validation('nips', 'nips is only for eligibility=nips');
    const validFrom = dto.validFrom ? new Date(dto.validFrom) : new Date();
    const validUntil = new Date(dto.validUntil);
    if (validUntil <= validFrom) throw DomainError.validation('validUntil', 'validUntil must be after validFrom');
    if (dto.assignTo && new Set(dto.assignTo.map((a) => a.nip)).size !== dto.assignTo.length) {
      throw DomainError.validation('assignTo', 'each NIP may be named once');
    }
    return this.dataSource.transaction(async (manager) => {
      const agency = dto.agency ? await this.agencies.canonical(manager, dto.agency, 'agency') : null;
      const batchId = await this.repository.createBatch(manager, {
        programme: dto.programme,
        faceValueRp: dto.faceValueRp,
        validFrom,
        validUntil,
        eligibility: dto.eligibility,
        agency,
        nips: dto.nips ? [...new Set(dto.nips)] : null,
        createdById: user.userId,
      });
      const holders = dto.assignTo ?? Array.from({ length: dto.count! }, () => null);
      for (let start = 0; start < holders.length; start += INSERT_CHUNK) {
        await this.insertCodes(manager, batchId, holders.slice(start, start + INSERT_CHUNK));
      }
      await this.audit.record(manager, {
        action: 'vouchers.issued',
        entityType: 'voucher_batch',
        entityId: batchId,
        after: { programme: dto.programme, faceValueRp: dto.faceValueRp, count: holders.length, eligibility: dto.eligibility, agency },
      });
      return this.batchView(manager, batchId);
    });
  }

  /** Unique codes: a collision with an existing code (about 1 in 10^17) just draws again. */
  private async insertCodes(manager: EntityManager, batchId: string, holders: (VoucherHolder | null)[]) {
    let pending = holders;
    while (pending.length > 0) {
      const codes = pending.map(() => newVoucherCode());
      const taken = await this.repository.addCodes(manager, batchId, codes, pending);
      pending = pending.filter((_, i) => !taken.has(codes[i]));
    }
  }

  batch(batchId: string) {
    return this.batchView(this.dataSource.manager, batchId);
  }

  private async batchView(manager: EntityManager, batchId: string) {
    const batch = await this.repository.batch(manager, batchId);
    if (!batch) throw DomainError.notFound('Voucher batch');
    return { ...batch, validFrom: toWib(batch.validFrom), validUntil: toWib(batch.validUntil) };
  }

  /** The batch's codes for printing or handing out, through the one CSV writer. */
  async codesCsv(batchId: string): Promise<string> {
    const batch = await this.batchView(this.dataSource.manager, batchId);
    const codes = await this.repository.codesOfBatch(batchId);
    return writeCsv(
      ['code', 'programme', 'face_value_rp', 'valid_until', 'agency', 'nip', 'name'],
      codes.map((row) => [row.code, batch.programme, batch.faceValueRp, batch.validUntil, batch.agency, row.assignedNip, row.assignedName]),
    );
  }

  /**
   * The buyer applies a voucher to their unpaid order. Under the desk lock and the order row (as
   * every payment), then the voucher row: it pays min(face value, total); when that is the total
   * the order is paid through the desk's standing-payment path.
   */
  async apply(orderId: string, rawCode: string, user: AuthUser) {
    const code = normaliseVoucherCode(rawCode);
    if (!code) throw DomainError.validation('code', 'Kode voucher tidak dikenal');
    const buyer = await this.orderBuyer(orderId, user);
    return this.desk.withOrderUnscoped(orderId, async (manager, order) => {
      const voucher = await this.repository.lockByCode(manager, code);
      if (!voucher)
        throw new DomainError(ErrorCode.NotFound, 'Kode voucher tidak dikenal', [{ field: 'code', messages: ['unknown voucher code'] }]);
      const standingOn = await this.repository.standingOrderOf(manager, voucher.id);
      if (standingOn === order.id) return this.orderVoucher(manager, order.id);
      this.assertPayable(order);
      this.assertEligible(voucher, buyer);
      if (standingOn !== null) {
        throw new DomainError(ErrorCode.VoucherAlreadySpent, 'Voucher ini sudah dipakai', [
          { field: 'code', messages: ['voucher already spent'] },
        ]);
      }
      if (voucher.notYet || voucher.expired) {
        throw new DomainError(
          ErrorCode.VoucherNotValid,
          voucher.expired ? 'Masa berlaku voucher ini sudah habis' : 'Voucher ini belum berlaku',
          [{ field: 'code', messages: [voucher.expired ? 'voucher expired' : 'voucher not valid yet'] }],
        );
      }
      const dueRp = order.total_rp - (await voucherCoveredRp(manager, order.id));
      if (dueRp < order.total_rp) {
        throw new DomainError(ErrorCode.Conflict, 'Pesanan ini sudah memakai voucher lain', [
          { field: 'code', messages: ['one voucher per order'] },
        ]);
      }
      const amountRp = Math.min(voucher.faceValueRp, order.total_rp);
      const redemptionId = await this.repository
        .redeem(manager, { voucherId: voucher.id, orderId: order.id, waveId: order.wave_id, amountRp })
        .catch((error: unknown) => {
          // Only reachable if another application slipped past the voucher row lock.
          if (uniqueViolationColumns(error) === 'voucher_id') {
            throw new DomainError(ErrorCode.VoucherAlreadySpent, 'Voucher ini sudah dipakai', [
              { field: 'code', messages: ['voucher already spent'] },
            ]);
          }
          throw error;
        });
      if (amountRp === order.total_rp) {
        const paymentId = await this.standingPayments.record(manager, order, {
          method: PaymentMethod.Voucher,
          amountRp,
          reference: voucher.code,
          receivedById: VOUCHER_USER_ID,
        });
        await this.repository.linkPayment(manager, redemptionId, paymentId);
      }
      // A QRIS code asked for the old amount gives way: the next "Bayar dengan QRIS" asks for what is left.
      await this.payments.closePendingIntents(manager, order.id);
      await this.audit.record(manager, {
        action: 'voucher.applied',
        entityType: 'voucher',
        entityId: voucher.id,
        orderId: order.id,
        waveId: order.wave_id,
        droppingPointId: order.dropping_point_id,
        after: { code: voucher.code, amountRp },
      });
      return this.orderVoucher(manager, order.id);
    });
  }

  /** The order's buyer: the buyer's own order, or an order at a point the officer serves (404 otherwise, as the desk). */
  private async orderBuyer(orderId: string, user: AuthUser): Promise<OrderBuyerIdentity> {
    if (user.role !== Role.Buyer) await this.desk.assertOrderScope(orderId, user);
    const buyer = await this.repository.buyerOfOrder(
      orderId,
      user.role === Role.Buyer ? (user.buyerId ?? '00000000-0000-0000-0000-000000000000') : null,
    );
    if (!buyer) throw DomainError.notFound('Order');
    return buyer;
  }

  private assertPayable(order: DeskOrder): void {
    if (isPaidStatus(order.status)) throw new DomainError(ErrorCode.AlreadyPaid, 'Pesanan ini sudah dibayar');
    if (order.status !== OrderStatus.Placed) throw DomainError.invalidTransition('Pesanan ini tidak dapat dibayar lagi');
    if (order.deadline_passed) throw new DomainError(ErrorCode.PaymentDeadlinePassed, 'Batas waktu pembayaran gelombang ini sudah lewat');
  }

  private assertEligible(voucher: VoucherToApply, buyer: OrderBuyerIdentity): void {
    const refuse = (field: string, message: string) => {
      throw new DomainError(ErrorCode.VoucherNotEligible, message, [{ field, messages: [message] }]);
    };
    if (voucher.assignedNip && voucher.assignedNip !== buyer.nip) refuse('code', 'Voucher ini diberikan kepada pegawai lain');
    if (voucher.eligibility === VoucherEligibility.Agency && voucher.agency!.trim().toLowerCase() !== buyer.agency.trim().toLowerCase()) {
      refuse('agency', `Voucher ini hanya untuk pegawai ${voucher.agency}`);
    }
    if (voucher.eligibility === VoucherEligibility.Nips && !(voucher.nips ?? []).includes(buyer.nip))
      refuse('nip', 'NIP Anda tidak termasuk penerima voucher ini');
  }

  /** The voucher standing on an order, and what the order still owes. */
  async orderVoucher(manager: EntityManager, orderId: string) {
    const facts = await this.repository.orderVoucher(manager, orderId);
    if (!facts) throw DomainError.notFound('Order');
    const { voucher, orderStatus, totalRp } = facts;
    const coveredRp = voucher && !voucher.paidAll ? voucher.amountRp : 0;
    return {
      orderId,
      orderStatus,
      totalRp,
      voucher,
      // A voucher covers at most the order's total (a shortfall gives the rest back to it): never below 0.
      dueRp: isPaidStatus(orderStatus) || orderStatus === OrderStatus.Cancelled ? 0 : Math.max(0, totalRp - coveredRp),
      /** What shortfalls gave back to the voucher instead of refunding in money. */
      voucherBackRp: facts.voucherBackRp,
    };
  }

  /** The voucher on an order and what it still owes, for its buyer or an officer of its point. */
  async forOrder(orderId: string, user: AuthUser) {
    await this.orderBuyer(orderId, user);
    return this.orderVoucher(this.dataSource.manager, orderId);
  }

  /**
   * In a shortfall's transaction: the order's voucher now covers only `leftRp` (and so does its
   * whole-order payment, when it paid the order); the rest went back to the programme's budget.
   */
  async shrink(manager: EntityManager, redemptionId: string, paymentId: string | null, leftRp: number): Promise<void> {
    await this.repository.shrink(manager, redemptionId, leftRp);
    if (paymentId) await this.deskPayments.setAmount(manager, paymentId, leftRp);
  }

  /**
   * In the cancelling transaction: the orders' vouchers are given back (usable again while valid),
   * and a voucher that had paid a whole order takes its payment back, so no rupiah is owed back
   * for it: the value went back to the voucher.
   */
  private async release(manager: EntityManager, orderIds: string[], reason: string): Promise<void> {
    for (const released of await this.repository.release(manager, orderIds, reason)) {
      if (released.paymentId) {
        await this.deskPayments.markReversed(
          manager,
          released.paymentId,
          VOUCHER_USER_ID,
          'Pesanan dibatalkan: nilai voucher dikembalikan ke voucher',
        );
      }
      await this.audit.record(manager, {
        action: 'voucher.released',
        entityType: 'voucher',
        entityId: released.voucherId,
        orderId: released.orderId,
        before: { amountRp: released.amountRp },
        details: { reason },
      });
    }
  }

  /**
   * The rupiah that paid a wave's paid orders, by how: cash, transfer, QRIS (standing payments) and
   * vouchers (those that paid whole orders, and those that paid part of one); reconciled when they
   * add up to the paid orders' totals, to the rupiah.
   */
  async waveMoney(waveId: string) {
    const row = await this.repository.waveMoney(waveId, PAID_ORDER_STATES);
    const voucherRp = row.voucherWholeRp + row.voucherPartRp;
    const paidRp = row.cashRp + row.transferRp + row.qrisRp + voucherRp;
    return {
      waveId,
      paidOrders: row.paidOrders,
      paidOrdersRp: row.paidOrdersRp,
      cashRp: row.cashRp,
      transferRp: row.transferRp,
      qrisRp: row.qrisRp,
      voucherRp,
      voucherWholeOrdersRp: row.voucherWholeRp,
      voucherPartOrdersRp: row.voucherPartRp,
      paidRp,
      balanced: paidRp === row.paidOrdersRp,
    };
  }

  /** Vouchers per agency (VouchersRepository.perAgency), of one programme or all. */
  report(programme?: string) {
    return this.repository.perAgency(programme ?? null);
  }
}
