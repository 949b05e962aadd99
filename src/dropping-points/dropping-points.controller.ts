import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { Role } from '../users/role.enum';
import { DroppingPointView, droppingPointView } from './dropping-point.view';
import { DroppingPointsService } from './dropping-points.service';
import { CreateDroppingPointDto } from './dto/create-dropping-point.dto';

@ApiTags('dropping-points')
@Controller('dropping-points')
export class DroppingPointsController {
  constructor(private readonly droppingPoints: DroppingPointsService) {}

  @Post()
  @Roles(Role.Admin)
  @ApiCreatedResponse({ type: DroppingPointView })
  async create(@Body() body: CreateDroppingPointDto) {
    return droppingPointView(await this.droppingPoints.create(body));
  }

  @Get()
  @Roles(Role.Admin, Role.Officer, Role.CoopManager, Role.Buyer)
  @ApiOkResponse({ type: DroppingPointView, isArray: true })
  async list() {
    return (await this.droppingPoints.list()).map(droppingPointView);
  }
}
