import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { currentActor } from '../audit/audit-context';
import { AuditService } from '../audit/audit.service';
import { PasswordService } from '../auth/password.service';
import { DomainError } from '../common/domain-error';
import { Environment } from '../config/environment';
import { DirectMessages } from '../notifications/direct-messages';
import { toE164Digits } from '../notifications/phone';
import { RESET_CODES_PER_NIP, RESET_PER_ADDRESS } from '../rate-limit/rate-limit.constants';
import { LoginThrottle } from '../rate-limit/login-throttle';
import { RequestLimits } from '../rate-limit/request-limits';
import { addressTracker } from '../rate-limit/trackers';
import { UserStatusService } from '../users/user-status.service';
import { UsersRepository } from '../users/users.repository';
import { Buyer } from './buyer.entity';
import { BuyerProfile, BuyersRepository } from './buyers.repository';
import { ConfirmPasswordResetDto } from './dto/password-reset.dto';
import { UpdateProfileDto } from './dto/update-profile.dto';
import { RegistrationCodes } from './registration-codes';

/** A civil servant looking after their own account: profile, and a forgotten password by a code to their phone. */
@Injectable()
export class BuyerAccountService {
  private readonly logger = new Logger('BuyerAccountService');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly buyers: BuyersRepository,
    private readonly users: UsersRepository,
    private readonly passwords: PasswordService,
    private readonly codes: RegistrationCodes,
    private readonly messages: DirectMessages,
    private readonly limits: RequestLimits,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditService,
    private readonly userStatus: UserStatusService,
    private readonly env: Environment,
  ) {}

  /**
   * Phone and default dropping point. A new phone takes the current password: the phone receives
   * the password-reset codes, so a session left open must not be enough to redirect them.
   */
  async updateProfile(userId: string, dto: UpdateProfileDto, address?: string): Promise<Buyer> {
    if (dto.phone !== undefined) await this.assertPhoneChange(userId, dto, address);
    return this.dataSource.transaction(async (manager) => {
      const buyer = await this.buyers.lockByUser(manager, userId);
      if (!buyer) throw DomainError.notFound('Buyer');
      if (dto.defaultDroppingPointId && !(await this.buyers.droppingPointExists(manager, dto.defaultDroppingPointId))) {
        throw DomainError.validation('defaultDroppingPointId', 'defaultDroppingPointId does not name a dropping point');
      }
      // The roster's fields (NIP, name, agency) stay as imported.
      const before: BuyerProfile = { phone: buyer.phone, defaultDroppingPointId: buyer.defaultDroppingPointId };
      const after: BuyerProfile = {
        phone: dto.phone?.trim() ?? buyer.phone,
        defaultDroppingPointId: dto.defaultDroppingPointId === undefined ? buyer.defaultDroppingPointId : dto.defaultDroppingPointId,
      };
      if (before.phone === after.phone && before.defaultDroppingPointId === after.defaultDroppingPointId) return buyer;
      await this.buyers.updateProfile(manager, buyer.id, after);
      await this.audit.record(manager, {
        action: 'buyer.profile_changed',
        entityType: 'buyer',
        entityId: buyer.id,
        before: { ...before },
        after: { ...after },
      });
      return Object.assign(buyer, after);
    });
  }

  /**
   * Always the same quiet answer, whether or not the NIP has an account: the code goes out after
   * the answer, to the phone of a claimed, enabled buyer account only. Limited per client address
   * and per NIP (every request counts, so the counts tell nothing about accounts).
   */
  async requestPasswordReset(nip: string, address: string): Promise<void> {
    await this.takeAddressLimit(address);
    await this.limits.take(
      [
        {
          name: RESET_CODES_PER_NIP,
          tracker: `nip:${nip}`,
          limit: this.env.RATE_LIMIT_CODES_PER_NIP,
          windowSeconds: this.env.RATE_LIMIT_CODES_WINDOW_SECONDS,
        },
      ],
      'reset codes for this NIP',
    );
    setImmediate(() => {
      this.sendResetCode(nip).catch((error: unknown) => this.logger.error({ err: error, nip }, 'Password-reset code not sent'));
    });
  }

  /** A right code (single use) sets the new password; a wrong, expired, used or burnt one is a 400 on `code`. */
  async confirmPasswordReset(dto: ConfirmPasswordResetDto, address: string): Promise<void> {
    await this.takeAddressLimit(address);
    const entry = await this.codes.consumeFor('password-reset', dto.nip, dto.code);
    if (!entry) throw wrongCode();
    const passwordHash = await this.passwords.hash(dto.newPassword);
    const changed = await this.dataSource.transaction(async (manager) => {
      const buyer = await this.buyers.byNip(manager, dto.nip);
      // The code was issued to this very account: a user id that no longer matches is a code for someone else.
      if (!buyer || buyer.userId !== entry.userId) throw wrongCode();
      // Sessions opened with the old password end (whoever knew it may have been the reason for the reset).
      const at = await this.users.resetPassword(manager, buyer.userId, passwordHash);
      await this.audit.record(manager, {
        action: 'buyer.password_reset',
        entityType: 'buyer',
        entityId: buyer.id,
        // The request carries no token; the code proved who it is.
        actor: { userId: buyer.userId, role: 'BUYER', requestId: currentActor()?.requestId ?? null },
        details: { confirmedBy: 'one-time code to the phone of the account' },
      });
      return { userId: buyer.userId, at };
    });
    this.userStatus.credentialsChangedAt(changed.userId, changed.at);
  }

  /** The password is checked as a login is (the same delays per account and address): a session must not become a password oracle. */
  private async assertPhoneChange(userId: string, dto: UpdateProfileDto, address: string | undefined): Promise<void> {
    if (!toE164Digits(dto.phone!)) {
      throw DomainError.validation('phone', 'phone must be an Indonesian mobile number (08..., +62 8...): codes are sent to it');
    }
    if (dto.currentPassword === undefined) {
      throw DomainError.validation('currentPassword', 'currentPassword is required to change the phone');
    }
    const user = await this.users.credentials(userId);
    await this.throttle.check(user.username, address);
    if (!(await this.passwords.verify(user.passwordHash, dto.currentPassword))) {
      await this.throttle.failed(user.username, address);
      throw DomainError.validation('currentPassword', 'currentPassword is not the password of this account');
    }
  }

  private takeAddressLimit(address: string): Promise<void> {
    return this.limits.take(
      [
        {
          name: RESET_PER_ADDRESS,
          tracker: addressTracker(address),
          limit: this.env.RATE_LIMIT_REGISTER_PER_ADDRESS,
          windowSeconds: this.env.RATE_LIMIT_REGISTER_WINDOW_SECONDS,
        },
      ],
      'password resets',
    );
  }

  private async sendResetCode(nip: string): Promise<void> {
    const contact = await this.buyers.resetContact(nip);
    if (!contact) return;
    const code = await this.codes.issueFor('password-reset', nip, { userId: contact.userId });
    try {
      await this.messages.sendOtp(contact.phone, code);
    } catch (error) {
      this.logger.warn({ err: error, nip }, 'Password-reset code not sent: the phone of the account is not a mobile number');
    }
  }
}

function wrongCode(): DomainError {
  return DomainError.validation('code', 'code is not valid: wrong, expired or used; ask for a new one');
}
