import { Body, Controller, Get, HttpCode, HttpStatus, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { setRetryAfter } from '../auth/auth.controller';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Public, Roles } from '../auth/auth.decorators';
import { IdParam } from '../common/id-param';
import { Role } from '../users/role.enum';
import { BuyerAccountService } from './buyer-account.service';
import { BuyerAllowanceService } from './buyer-allowance.service';
import { BuyerView, buyerView } from './buyer.view';
import { ConfirmPasswordResetDto, PasswordResetDto } from './dto/password-reset.dto';
import { UpdateProfileDto } from './dto/update-profile.dto';
import { AllowanceResponse } from './dto/allowance.response';
import { CodeSentResponse } from './dto/code-sent.response';

/** The one answer to a password-reset request, whether or not the NIP has an account. */
export const RESET_CODE_SENT = {
  status: 'CODE_SENT',
  message:
    'Jika NIP ini terdaftar, kode untuk mengganti kata sandi telah dikirim ke nomor HP akun (a code has been sent if this NIP has an account)',
};

/** A civil servant's own account: profile, what they may still order, a forgotten password. */
@ApiTags('buyers')
@Controller()
export class BuyerAccountController {
  constructor(
    private readonly account: BuyerAccountService,
    private readonly allowance: BuyerAllowanceService,
  ) {}

  /** Phone (with the current password) and default dropping point; NIP, name and agency are the roster's and stay. */
  @Patch('me')
  @Roles(Role.Buyer)
  @ApiTooManyRequestsResponse({ description: 'TOO_MANY_REQUESTS: too many wrong passwords, as for logins' })
  @ApiOkResponse({ type: BuyerView })
  async updateProfile(
    @CurrentUser() user: AuthUser,
    @Body() body: UpdateProfileDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    try {
      return buyerView(await this.account.updateProfile(user.userId, body, request.ip));
    } catch (error) {
      setRetryAfter(reply, error);
      throw error;
    }
  }

  /** Per product: kg left in the wave, the per-buyer limit, what the buyer's orders hold, and what whole packs they may still order. */
  @Get('waves/:id/allowance')
  @Roles(Role.Buyer)
  @ApiOkResponse({ type: AllowanceResponse })
  allowanceOf(@IdParam() waveId: string, @CurrentUser() user: AuthUser) {
    return this.allowance.forWave(waveId, user);
  }

  /** 202 whatever the NIP; a code goes to the phone of the account when there is one. Finish with /auth/password-reset/confirm. */
  @Public()
  @Post('auth/password-reset')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: CodeSentResponse, description: 'CODE_SENT: a code has been sent if this NIP has an account' })
  @ApiTooManyRequestsResponse({ description: 'TOO_MANY_REQUESTS: too many resets from this address, or codes for this NIP' })
  async requestReset(@Body() body: PasswordResetDto, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    try {
      await this.account.requestPasswordReset(body.nip, request.ip ?? 'unknown');
      return RESET_CODE_SENT;
    } catch (error) {
      setRetryAfter(reply, error);
      throw error;
    }
  }

  @Public()
  @Post('auth/password-reset/confirm')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'The new password is set' })
  @ApiTooManyRequestsResponse({ description: 'TOO_MANY_REQUESTS: too many resets from this address' })
  async confirmReset(
    @Body() body: ConfirmPasswordResetDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    try {
      await this.account.confirmPasswordReset(body, request.ip ?? 'unknown');
    } catch (error) {
      setRetryAfter(reply, error);
      throw error;
    }
  }
}
