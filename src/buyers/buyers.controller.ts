import { Body, Controller, Get, Post, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Public, Roles } from '../auth/auth.decorators';
import { DomainError, ErrorCode } from '../common/domain-error';
import { Role } from '../users/role.enum';
import { buyerView } from './buyer.view';
import { BuyersService } from './buyers.service';
import { RegisterBuyerDto } from './dto/register-buyer.dto';

@ApiTags('buyers')
@Controller()
export class BuyersController {
  constructor(private readonly buyers: BuyersService) {}

  @Public()
  @Post('buyers')
  async register(@Body() body: RegisterBuyerDto) {
    return buyerView(await this.buyers.register(body));
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
  async me(@CurrentUser() user: AuthUser) {
    return buyerView(await this.buyers.findByUser(user.userId));
  }
}
