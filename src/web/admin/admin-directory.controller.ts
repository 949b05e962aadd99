import { Get, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AgenciesService } from '../../agencies/agencies.service';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser, Roles } from '../../auth/auth.decorators';
import { BuyerDirectoryService } from '../../buyers/buyer-directory.service';
import { BuyerDirectoryQuery, UptakeQuery } from '../../buyers/dto/directory.query';
import { IdParam } from '../../common/id-param';
import { UptakeService } from '../../reports/uptake.service';
import { Role } from '../../users/role.enum';
import { renderPage } from '../pages';
import { WebController } from '../web.decorators';
import { checkDto, FieldErrors } from './form';

const PAGE_SIZE = 50;

/** The page's query words as the API's query (checked by the same DTO); a bad value is shown, not a 500. */
function pageQuery(query: Record<string, string | undefined>) {
  return {
    ...(query.instansi ? { agencyId: query.instansi } : {}),
    ...(query.halaman ? { page: query.halaman } : {}),
    pageSize: String(PAGE_SIZE),
  };
}

/** The administrator's lists of civil servants: the directory, and who ordered in a wave and who did not. */
@WebController('admin')
@Roles(Role.Admin)
export class AdminDirectoryController {
  constructor(
    private readonly directory: BuyerDirectoryService,
    private readonly uptake: UptakeService,
    private readonly agencies: AgenciesService,
  ) {}

  @Get('pembeli')
  async buyers(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query() query: Record<string, string | undefined>) {
    const plain = {
      ...pageQuery(query),
      ...(query.status === 'terdaftar' ? { registered: 'true' } : query.status === 'belum' ? { registered: 'false' } : {}),
      ...(query.q?.trim() ? { q: query.q.trim() } : {}),
    };
    const checked = await checkDto(BuyerDirectoryQuery, plain);
    const [list, agencies] = await Promise.all([checked.errors ? null : this.directory.list(checked.value), this.agencies.list()]);
    await renderPage(
      request,
      reply,
      'admin/views/buyers.eta',
      { title: 'admin.buyers.title', status: checked.errors ? 400 : 200 },
      { list, agencies, query, errors: checked.errors ?? {}, pages: pagesOf(list, request.url) },
    );
  }

  @Get('laporan/:id/serapan')
  async waveUptake(
    @IdParam() id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Query() query: Record<string, string | undefined>,
  ) {
    const plain = { ...pageQuery(query), ...(query.dipesan === 'ya' ? { ordered: 'true' } : {}) };
    const checked = await checkDto(UptakeQuery, plain);
    const errors: FieldErrors = checked.errors ?? {};
    const uptake = await this.uptake.forWave(id, user, checked.value ?? {});
    await renderPage(
      request,
      reply,
      'admin/views/uptake.eta',
      { title: 'admin.uptake.title', titleParams: { name: uptake.wave.name }, status: checked.errors ? 400 : 200 },
      { uptake, query, errors, pages: pagesOf(uptake.buyers, request.url) },
    );
  }
}

/** Links to the previous and next page of a list, keeping the page's other query words. */
function pagesOf(list: { page: number; pageSize: number; total: number } | null, url: string) {
  if (!list) return null;
  const last = Math.max(1, Math.ceil(list.total / list.pageSize));
  const link = (page: number) => {
    const target = new URL(url, 'http://page');
    target.searchParams.set('halaman', String(page));
    return `${target.pathname}${target.search}`;
  };
  return {
    page: list.page,
    last,
    previous: list.page > 1 ? link(Math.min(list.page - 1, last)) : null,
    next: list.page < last ? link(list.page + 1) : null,
  };
}
