import { Get, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser, Roles } from '../../auth/auth.decorators';
import { AuditService } from '../../audit/audit.service';
import { IdParam } from '../../common/id-param';
import { waveReportPdf } from '../../reports/report-pdf';
import { ReportsService } from '../../reports/reports.service';
import { Role } from '../../users/role.enum';
import { FORMATTERS } from '../format';
import { localeOf, renderPage, translatorFor } from '../pages';
import { WebController } from '../web.decorators';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Figures {
  orderedKg: number;
  orderedRp: number;
  deliveredKg: number;
  cancelledKg: number;
  outstandingKg: number;
}

/** Horizontal bars drawn on the server (SVG): a chart costs the page a few hundred bytes, no library. */
export function barChart<T extends Figures>(rows: T[], label: (row: T) => string) {
  const max = Math.max(1, ...rows.map((row) => row.orderedKg));
  return rows.map((row) => ({
    label: label(row),
    orderedKg: row.orderedKg,
    orderedRp: row.orderedRp,
    // Ordered = delivered + cancelled + outstanding: three segments of one bar.
    segments: [
      { kind: 'delivered', kg: row.deliveredKg },
      { kind: 'outstanding', kg: row.outstandingKg },
      { kind: 'cancelled', kg: row.cancelledKg },
    ].reduce<{ kind: string; kg: number; x: number; width: number }[]>((out, segment) => {
      const x = out.length ? out[out.length - 1].x + out[out.length - 1].width : 0;
      out.push({ ...segment, x, width: (100 * segment.kg) / max });
      return out;
    }, []),
  }));
}

/** Reports after the wave (charts, CSV/PDF exports) and the audit trail of an order or a wave. */
@WebController('admin')
@Roles(Role.Admin)
export class AdminReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly audit: AuditService,
  ) {}

  @Get('laporan')
  async overview(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const report = await this.reports.acrossWaves({});
    await renderPage(
      request,
      reply,
      'admin/views/report.eta',
      { title: 'admin.reports.title' },
      {
        report,
        csv: '/reports/waves.csv',
        charts: chartsOf(report),
        waves: report.byWave,
      },
    );
  }

  @Get('laporan/:id')
  async wave(
    @IdParam() id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    const report = await this.reports.forWave(id, user);
    await renderPage(
      request,
      reply,
      'admin/views/report.eta',
      { title: 'admin.reports.waveTitle', titleParams: { name: report.wave.name } },
      {
        report,
        csv: `/reports/waves/${id}.csv`,
        pdf: `/admin/laporan/${id}.pdf`,
        uptake: `/admin/laporan/${id}/serapan`,
        charts: chartsOf(report),
        refundsOwed: report.refundsOwed,
        money: report,
        custody: report.cashCustody,
        purchaseOrders: report.purchaseOrders,
        timeline: report.timeline,
      },
    );
  }

  /** The wave report as a PDF, in the reader's language (the pages' catalogue), made with pdfkit like the purchase order's. */
  @Get('laporan/:id.pdf')
  async wavePdf(
    @IdParam() id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    const report = await this.reports.forWave(id, user);
    const f = FORMATTERS[localeOf(request)];
    const body = await waveReportPdf(report, {
      t: translatorFor(request),
      rp: f.rp,
      weight: f.weight,
      day: f.day,
      dateTime: (wib) => f.dateTime(new Date(wib)),
    });
    void reply
      .type('application/pdf')
      .header('content-disposition', `inline; filename="wave-report-${id.slice(0, 8)}.pdf"`)
      .header('cache-control', 'private, no-store')
      .send(body);
  }

  @Get('audit')
  async auditTrail(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('pesanan') orderId?: string): Promise<void> {
    const id = orderId?.trim();
    const history = id && UUID.test(id) ? await this.audit.orderHistory(id) : null;
    await renderPage(request, reply, 'admin/views/audit.eta', { title: 'admin.audit.title' }, { orderId: id ?? '', history });
  }
}

type Report = Awaited<ReturnType<ReportsService['acrossWaves']>> | Awaited<ReturnType<ReportsService['forWave']>>;

function chartsOf(report: Report) {
  return [
    { title: 'admin.reports.byCooperative', rows: barChart(report.byCooperative as (Figures & { name: string })[], (row) => row.name) },
    { title: 'admin.reports.byAgency', rows: barChart(report.byAgency as (Figures & { agency: string })[], (row) => row.agency) },
    { title: 'admin.reports.byPoint', rows: barChart(report.byDroppingPoint as (Figures & { name: string })[], (row) => row.name) },
  ];
}
