import { Body, Controller, HttpCode, HttpStatus, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { IdParam } from '../common/id-param';
import { Role } from '../users/role.enum';
import { NextWaveDto, SetRecurrenceDto } from './dto/recurrence.dto';
import { WaveRecurrenceService } from './wave-recurrence.service';
import { WaveView, waveView } from './wave.view';

@ApiTags('waves')
@Controller('waves')
export class WaveRecurrenceController {
  constructor(private readonly recurrence: WaveRecurrenceService) {}

  @Put(':id/recurrence')
  @Roles(Role.Admin)
  @ApiOperation({ summary: 'Set (or with null remove) the RRULE the wave repeats on, e.g. FREQ=MONTHLY;BYDAY=+2TH' })
  @ApiOkResponse({ type: WaveView })
  async setRule(@IdParam() id: string, @Body() body: SetRecurrenceDto) {
    return waveView(await this.recurrence.setRule(id, body.rule));
  }

  @Post(':id/next')
  @Roles(Role.Admin)
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: "Create the next wave of the series (a draft copy at the rule's next occurrence); asking again returns the same wave",
  })
  @ApiCreatedResponse({ type: WaveView })
  async next(@IdParam() id: string, @Body() body: NextWaveDto) {
    return waveView(await this.recurrence.createNext(id, body.name));
  }
}
