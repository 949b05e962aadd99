import { Body, Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { IdParam } from '../common/id-param';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { CreateUserDto } from './dto/create-user.dto';
import { Role } from './role.enum';
import { userView } from './user.view';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('users')
@Roles(Role.Admin)
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  async create(@Body() body: CreateUserDto) {
    return userView(await this.users.create(body));
  }

  @Get()
  async list() {
    return (await this.users.list()).map(userView);
  }

  @Post(':id/disable')
  @HttpCode(HttpStatus.OK)
  async disable(@IdParam() id: string) {
    return userView(await this.users.setDisabled(id, true));
  }

  @Post(':id/enable')
  @HttpCode(HttpStatus.OK)
  async enable(@IdParam() id: string) {
    return userView(await this.users.setDisabled(id, false));
  }
}
