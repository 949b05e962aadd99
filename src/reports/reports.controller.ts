import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { IdParam } from '../common/id-param';
import { Role } from '../users/role.enum';
import { WavesReportQuery } from './dto/wave-report.query';
import { reportCsv } from './reports-csv';
import { ReportsService } from './reports.service';
import { WaveReportResponse, WavesReportResponse } from './dto/wave-report.response';

/** The programme's figures: tonnes and rupiah ordered, delivered and cancelled, per cooperative, agency and dropping point. */
@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('waves')
  @Roles(Role.Admin)
  @ApiOkResponse({ type: WavesReportResponse })
  acrossWaves(@Query() query: WavesReportQuery) {
    return this.reports.acrossWaves(query);
  }

  @Get('waves.csv')
  @Roles(Role.Admin)
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The report across waves as CSV', schema: { type: 'string', format: 'binary' } })
  async acrossWavesCsv(@Query() query: WavesReportQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    const report = await this.reports.acrossWaves(query);
    csvHeaders(reply, `waves-report${query.from ? `-${query.from}` : ''}${query.to ? `-${query.to}` : ''}.csv`);
    return reportCsv(report);
  }

  @Get('waves/:id')
  @Roles(Role.Admin)
  @ApiOkResponse({ type: WaveReportResponse })
  forWave(@IdParam() id: string, @CurrentUser() user: AuthUser) {
    return this.reports.forWave(id, user);
  }

  @Get('waves/:id.csv')
  @Roles(Role.Admin)
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The wave report as CSV', schema: { type: 'string', format: 'binary' } })
  async forWaveCsv(@IdParam() id: string, @CurrentUser() user: AuthUser, @Res({ passthrough: true }) reply: FastifyReply) {
    const report = await this.reports.forWave(id, user);
    csvHeaders(reply, `wave-report-${id.slice(0, 8)}.csv`);
    return reportCsv(report, report);
  }
}

function csvHeaders(reply: FastifyReply, fileName: string) {
  void reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .header('cache-control', 'private, no-store');
}
