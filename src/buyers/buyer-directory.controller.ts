import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { Role } from '../users/role.enum';
import { BuyerDirectoryService } from './buyer-directory.service';
import { BuyerDirectoryQuery } from './dto/directory.query';
import { BuyerDirectoryResponse } from './dto/buyer-directory.response';

@ApiTags('buyers')
@Controller('buyers')
@Roles(Role.Admin)
export class BuyerDirectoryController {
  constructor(private readonly directory: BuyerDirectoryService) {}

  @Get()
  @ApiOperation({
    summary: 'The civil servants on the roster or registered, by agency, registered or not, name or NIP; a page at a time',
  })
  @ApiOkResponse({ type: BuyerDirectoryResponse })
  list(@Query() query: BuyerDirectoryQuery) {
    return this.directory.list(query);
  }
}
