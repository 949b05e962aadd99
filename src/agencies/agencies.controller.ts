import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public, Roles } from '../auth/auth.decorators';
import { Role } from '../users/role.enum';
import { AgenciesService } from './agencies.service';
import { Agency } from './agency.entity';
import { CreateAgencyDto } from './dto/create-agency.dto';

const agencyView = (agency: Agency) => ({ id: agency.id, name: agency.name, shortName: agency.shortName });

/** The agencies (instansi) a buyer picks from when registering, and that rosters and waves name. */
@ApiTags('agencies')
@Controller('agencies')
export class AgenciesController {
  constructor(private readonly agencies: AgenciesService) {}

  @Post()
  @Roles(Role.Admin)
  async create(@Body() body: CreateAgencyDto) {
    return agencyView(await this.agencies.create(body));
  }

  /** Public: the registration form offers it before anyone has an account. */
  @Get()
  @Public()
  async list() {
    return (await this.agencies.list()).map(agencyView);
  }
}
