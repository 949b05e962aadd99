import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { UptakeQuery } from '../buyers/dto/directory.query';
import { IdParam } from '../common/id-param';
import { Role } from '../users/role.enum';
import { UptakeService } from './uptake.service';
import { UptakeResponse } from './dto/uptake.response';

@ApiTags('reports')
@Controller('waves')
@Roles(Role.Admin)
export class UptakeController {
  constructor(private readonly uptake: UptakeService) {}

  @Get(':id/uptake')
  @ApiOperation({
    summary:
      'Per agency the wave is open to: civil servants on the roster or registered, registered, ordered; and who did not order (ordered=true: who did), a page at a time',
  })
  @ApiOkResponse({ type: UptakeResponse })
  forWave(@IdParam() id: string, @CurrentUser() user: AuthUser, @Query() query: UptakeQuery) {
    return this.uptake.forWave(id, user, query);
  }
}
