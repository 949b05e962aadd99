import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { programmeHasRoster } from '../buyers/roster';
import { IdParam } from '../common/id-param';
import { Role } from '../users/role.enum';
import { CancelWaveDto } from './dto/cancel-wave.dto';
import { CopyWaveDto, CreateWaveDto, UpdateWaveDto } from './dto/create-wave.dto';
import { ListWavesQuery } from './dto/list-waves.query';
import { WaveView, waveView } from './wave.view';
import { WavesService } from './waves.service';
import { WaveDetailResponse } from './dto/wave-detail.response';

@ApiTags('waves')
@Controller('waves')
export class WavesController {
  constructor(
    private readonly waves: WavesService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Post()
  @Roles(Role.Admin)
  @ApiCreatedResponse({ type: WaveView })
  async create(@Body() body: CreateWaveDto) {
    return waveView(await this.waves.create(body));
  }

  @Get()
  @Roles(Role.Admin, Role.Officer, Role.CoopManager, Role.Buyer)
  @ApiOkResponse({ type: WaveView, isArray: true })
  async list(@Query() query: ListWavesQuery, @CurrentUser() user: AuthUser) {
    return (await this.waves.list(user, query.status)).map((wave) => waveView(wave));
  }

  @Get(':id')
  @Roles(Role.Admin, Role.Officer, Role.CoopManager, Role.Buyer)
  @ApiOkResponse({ type: WaveDetailResponse })
  async get(@IdParam() id: string, @CurrentUser() user: AuthUser) {
    const wave = waveView(await this.waves.get(id, user));
    // rosterRequired false: an open programme, where buyers' NIP and agency are their own word (issue 16, finding 7).
    return { ...wave, rosterRequired: await programmeHasRoster(this.dataSource) };
  }

  @Patch(':id')
  @Roles(Role.Admin)
  @ApiOperation({
    summary: 'Edit a draft (same fields and rules as creating; fields left out keep their value); 409 WAVE_NOT_DRAFT once published',
  })
  @ApiOkResponse({ type: WaveView })
  async update(@IdParam() id: string, @Body() body: UpdateWaveDto) {
    return waveView(await this.waves.update(id, body));
  }

  @Delete(':id')
  @Roles(Role.Admin)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a draft with its offers; 409 WAVE_NOT_DRAFT once published (cancel it instead)' })
  @ApiNoContentResponse({ description: 'The draft is deleted' })
  async remove(@IdParam() id: string): Promise<void> {
    await this.waves.deleteDraft(id);
  }

  @Post(':id/publish')
  @Roles(Role.Admin)
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: WaveView })
  async publish(@IdParam() id: string) {
    return waveView(await this.waves.publish(id));
  }

  @Post(':id/cancel')
  @Roles(Role.Admin)
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: WaveView })
  async cancel(@IdParam() id: string, @Body() body: CancelWaveDto) {
    return waveView(await this.waves.cancel(id, body.reason ?? 'cancelled by the administrator'));
  }

  @Post(':id/copy')
  @Roles(Role.Admin)
  @ApiCreatedResponse({ type: WaveView })
  async copy(@IdParam() id: string, @Body() body: CopyWaveDto) {
    return waveView(await this.waves.copy(id, body));
  }
}
