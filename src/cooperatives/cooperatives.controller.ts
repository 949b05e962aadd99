import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { IdParam } from '../common/id-param';
import { Role } from '../users/role.enum';
import { CooperativeView, ProductView, cooperativeView, productView } from './cooperative.view';
import { CooperativesService } from './cooperatives.service';
import { CreateCooperativeDto } from './dto/create-cooperative.dto';
import { CreateProductDto } from './dto/create-product.dto';

@ApiTags('cooperatives')
@Controller('cooperatives')
export class CooperativesController {
  constructor(private readonly cooperatives: CooperativesService) {}

  @Post()
  @Roles(Role.Admin)
  @ApiCreatedResponse({ type: CooperativeView })
  async create(@Body() body: CreateCooperativeDto) {
    return cooperativeView(await this.cooperatives.create(body));
  }

  @Get()
  @Roles(Role.Admin, Role.CoopManager, Role.Officer)
  @ApiOkResponse({ type: CooperativeView, isArray: true })
  async list(@CurrentUser() user: AuthUser) {
    return (await this.cooperatives.list(user)).map(cooperativeView);
  }

  @Get(':id')
  @Roles(Role.Admin, Role.CoopManager)
  @ApiOkResponse({ type: CooperativeView })
  async get(@IdParam() id: string, @CurrentUser() user: AuthUser) {
    return cooperativeView(await this.cooperatives.get(id, user));
  }

  @Post(':id/products')
  @Roles(Role.Admin, Role.CoopManager)
  @ApiCreatedResponse({ type: ProductView })
  async addProduct(@IdParam() id: string, @Body() body: CreateProductDto, @CurrentUser() user: AuthUser) {
    return productView(await this.cooperatives.addProduct(id, body, user));
  }
}
