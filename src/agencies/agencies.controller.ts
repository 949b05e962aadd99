import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public, Roles } from '../auth/auth.decorators';
import { Role } from '../users/role.enum';
import { AgenciesService } from './agencies.service';
import { Agency } from './agency.entity';
import { CreateAgencyDto } from './dto/create-agency.dto';
import { AgencyResponse } from './dto/agency.response';

const agencyView = (agency: Agency) => ({ id: agency.id, name: agency.name, shortName: agency.shortName });

/** The agencies (instansi) a buyer picks from when registering, and that rosters and waves name. */
@ApiTags('agencies')
@Controller('agencies')
export class AgenciesController {
  constructor(private readonly agencies: AgenciesService) {}

  @Post()
  @Roles(Role.Admin)
  @ApiCreatedResponse({ type: AgencyResponse })
  async create(@Body() body: CreateAgencyDto) {
    return agencyView(await this.agencies.create(body));
  }

  /** Public: the registration form offers it before anyone has an account. */
  @Get()
  @Public()
  @ApiOkResponse({ type: AgencyResponse, isArray: true })
  async list() {
    return (await this.agencies.list()).map(agencyView);
  }
}
