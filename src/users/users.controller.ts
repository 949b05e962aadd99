import { Body, Controller, Get, HttpCode, HttpStatus, Post, Put, Query } from '@nestjs/common';
import { IdParam } from '../common/id-param';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { CreateUserDto } from './dto/create-user.dto';
import { ListUsersQuery } from './dto/list-users.query';
import { SetOfficerPointsDto } from './dto/officer-points.dto';
import { ResetPasswordDto } from './dto/reset-password.dto';
import { Role } from './role.enum';
import { UserView, userView } from './user.view';
import { UsersService } from './users.service';
import { PasswordResetUserResponse } from './dto/password-reset-user.response';

@ApiTags('users')
@Controller('users')
@Roles(Role.Admin)
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiCreatedResponse({ type: UserView })
  async create(@Body() body: CreateUserDto) {
    return userView(await this.users.create(body));
  }

  @Get()
  @ApiOkResponse({ type: UserView, isArray: true })
  async list(@Query() query: ListUsersQuery) {
    return (await this.users.list(query.role)).map(userView);
  }

  @Put(':id/dropping-points')
  @ApiOperation({ summary: 'Change the dropping points an officer works at (replaces the list; their desk follows at once)' })
  @ApiOkResponse({ type: UserView })
  async setDroppingPoints(@IdParam() id: string, @Body() body: SetOfficerPointsDto) {
    return userView(await this.users.setDroppingPoints(id, body.droppingPointIds));
  }

  @Post(':id/password')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      "Reset a staff account's password: the one given, or a temporary one answered once (temporaryPassword); the account's earlier tokens stop working",
  })
  @ApiOkResponse({ type: PasswordResetUserResponse })
  async resetPassword(@IdParam() id: string, @Body() body: ResetPasswordDto) {
    const { user, temporaryPassword } = await this.users.resetPassword(id, body.password);
    return { ...userView(user), temporaryPassword };
  }

  @Post(':id/disable')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: UserView })
  async disable(@IdParam() id: string) {
    return userView(await this.users.setDisabled(id, true));
  }

  @Post(':id/enable')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: UserView })
  async enable(@IdParam() id: string) {
    return userView(await this.users.setDisabled(id, false));
  }
}
