import { Body, Controller, Get, HttpStatus, Post, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { setRetryAfter } from '../auth/auth.controller';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Public, Roles } from '../auth/auth.decorators';
import { DomainError, ErrorCode } from '../common/domain-error';
import { Role } from '../users/role.enum';
import { BuyerView, buyerView } from './buyer.view';
import { BuyersService } from './buyers.service';
import { ConfirmRegistrationDto, RegisterBuyerDto } from './dto/register-buyer.dto';
import { RosterImportResponse } from './dto/roster-import.response';
import { CodeSentResponse } from './dto/code-sent.response';

/** The one answer to a registration where a roster exists, whether or not the NIP is on it. */
export const CODE_SENT = {
  status: 'CODE_SENT',
  message:
    'Jika NIP ini ada di daftar pegawai, kode verifikasi telah dikirim ke nomor HP yang terdaftar (a code has been sent if this NIP is on the roster)',
};

@ApiTags('buyers')
@Controller()
export class BuyersController {
  constructor(private readonly buyers: BuyersService) {}

  /**
   * 201 with the buyer where the programme has no roster. Where it has one: 202 whatever the NIP,
   * a code having gone to the roster's phone if the NIP is rostered and unclaimed; finish with
   * POST /buyers/confirm.
   */
  @Public()
  @Post('buyers')
  @ApiCreatedResponse({ type: BuyerView, description: 'Registered (a programme without a roster)' })
  @ApiAcceptedResponse({
    type: CodeSentResponse,
    description: 'CODE_SENT: a code has been sent to the roster phone if this NIP is on the roster',
  })
  @ApiTooManyRequestsResponse({ description: 'TOO_MANY_REQUESTS: too many registrations from this address, or codes for this NIP' })
  async register(@Body() body: RegisterBuyerDto, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    try {
      const outcome = await this.buyers.register(body, request.ip ?? 'unknown');
      if (outcome.buyer) return buyerView(outcome.buyer);
      void reply.status(HttpStatus.ACCEPTED);
      return CODE_SENT;
    } catch (error) {
      setRetryAfter(reply, error);
      throw error;
    }
  }

  /** The code from the roster's phone: the NIP is the caller's, with the password given when asking for the code. */
  @Public()
  @Post('buyers/confirm')
  @ApiTooManyRequestsResponse({ description: 'TOO_MANY_REQUESTS: too many registrations from this address' })
  @ApiCreatedResponse({ type: BuyerView })
  async confirm(@Body() body: ConfirmRegistrationDto, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    try {
      return buyerView(await this.buyers.confirm(body, request.ip ?? 'unknown'));
    } catch (error) {
      setRetryAfter(reply, error);
      throw error;
    }
  }

  @Post('buyers/import')
  @Roles(Role.Admin)
  @ApiConsumes('text/csv')
  @ApiBody({
    schema: {
      type: 'string',
      example:
        'nip,name,agency,phone,default_dropping_point\n198503122010011001,Siti Rahmawati,Kementerian Koperasi dan UKM,081234567890,Gedung Kementerian Koperasi dan UKM',
    },
  })
  @ApiCreatedResponse({ type: RosterImportResponse })
  importRoster(@Req() request: FastifyRequest) {
    if (typeof request.body !== 'string') {
      throw new DomainError(ErrorCode.UnsupportedMediaType, 'Send the roster as Content-Type: text/csv', [
        { field: 'body', messages: ['body must be a text/csv roster'] },
      ]);
    }
    return this.buyers.importRoster(request.body);
  }

  @Get('me')
  @Roles(Role.Buyer)
  @ApiOkResponse({ type: BuyerView })
  async me(@CurrentUser() user: AuthUser) {
    return buyerView(await this.buyers.findByUser(user.userId));
  }
}
