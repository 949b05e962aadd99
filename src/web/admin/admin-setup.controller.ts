import { Body, Get, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AgenciesService } from '../../agencies/agencies.service';
import { CreateAgencyDto } from '../../agencies/dto/create-agency.dto';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser, Roles } from '../../auth/auth.decorators';
import { BuyersService } from '../../buyers/buyers.service';
import { DomainError } from '../../common/domain-error';
import { IdParam } from '../../common/id-param';
import { CooperativesService } from '../../cooperatives/cooperatives.service';
import { CreateCooperativeDto } from '../../cooperatives/dto/create-cooperative.dto';
import { CreateProductDto } from '../../cooperatives/dto/create-product.dto';
import { DroppingPointsService } from '../../dropping-points/dropping-points.service';
import { CreateDroppingPointDto } from '../../dropping-points/dto/create-dropping-point.dto';
import { CreateUserDto } from '../../users/dto/create-user.dto';
import { SetOfficerPointsDto } from '../../users/dto/officer-points.dto';
import { Role } from '../../users/role.enum';
import { UsersService } from '../../users/users.service';
import { redirectTo, renderPage } from '../pages';
import { FormPost, WebController } from '../web.decorators';
import { AdminPagesService } from './admin-pages.service';
import { checkDto, decimal, FieldErrors, fieldErrorsOf, integer, list, text } from './form';

type Form = Record<string, unknown>;

const STAFF_ROLES = [Role.Officer, Role.CoopManager, Role.Admin];

/** The role filter of the accounts page (?peran=OFFICER), or none for an empty or unknown one. */
const staffRole = (value?: string): Role | undefined => STAFF_ROLES.find((role) => role === value?.trim().toUpperCase());

/** The roster a page form may carry (the form body limit is 64 kB). */
const ROSTER_FIELD = 'roster';

/** The administrator's set-up pages: cooperatives and products, dropping points, accounts, agencies, the roster. */
@WebController('admin')
@Roles(Role.Admin)
export class AdminSetupController {
  constructor(
    private readonly pages: AdminPagesService,
    private readonly cooperatives: CooperativesService,
    private readonly points: DroppingPointsService,
    private readonly users: UsersService,
    private readonly agencies: AgenciesService,
    private readonly buyers: BuyersService,
  ) {}

  @Get()
  async home(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const waves = (await this.pages.recentWaves()).slice(0, 10);
    await renderPage(request, reply, 'admin/views/home.eta', { title: 'admin.home.title' }, { waves, now: new Date() });
  }

  @Get('koperasi')
  async cooperativesPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('pesan') notice?: string): Promise<void> {
    await this.renderCooperatives(request, reply, {}, {}, notice);
  }

  @FormPost('koperasi')
  async createCooperative(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() form: Form): Promise<void> {
    const plain = { name: text(form.name), ...(text(form.region) ? { region: text(form.region) } : {}) };
    await this.handle(
      request,
      reply,
      form,
      CreateCooperativeDto,
      plain,
      (dto) => this.cooperatives.create(dto),
      '/admin/koperasi?pesan=admin.saved',
      (f, e) => this.renderCooperatives(request, reply, f, e),
    );
  }

  @FormPost('koperasi/:id/produk')
  async createProduct(
    @IdParam() id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Body() form: Form,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    const sizes = text(form.packs)
      .split(/[\s,;]+/)
      .filter(Boolean)
      .map((size) => integer(size));
    const plain = {
      commodity: text(form.commodity),
      name: text(form.name),
      pricePerKgRp: integer(form.pricePerKgRp),
      ...(text(form.availableKg) ? { availableKg: integer(form.availableKg) } : {}),
      packs: sizes.map((sizeKg) => ({ sizeKg })),
    };
    await this.handle(
      request,
      reply,
      { ...form, cooperativeId: id },
      CreateProductDto,
      plain,
      (dto) => this.cooperatives.addProduct(id, dto, user),
      '/admin/koperasi?pesan=admin.saved',
      (f, e) => this.renderCooperatives(request, reply, f, e),
    );
  }

  @Get('titik')
  async pointsPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('pesan') notice?: string): Promise<void> {
    await this.renderPoints(request, reply, {}, {}, notice);
  }

  @FormPost('titik')
  async createPoint(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() form: Form): Promise<void> {
    const plain = {
      name: text(form.name),
      address: text(form.address),
      latitude: decimal(form.latitude),
      longitude: decimal(form.longitude),
      ...(text(form.openingHours) ? { openingHours: text(form.openingHours) } : {}),
    };
    await this.handle(
      request,
      reply,
      form,
      CreateDroppingPointDto,
      plain,
      (dto) => this.points.create(dto),
      '/admin/titik?pesan=admin.saved',
      (f, e) => this.renderPoints(request, reply, f, e),
    );
  }

  @Get('akun')
  async accountsPage(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query('pesan') notice?: string,
    @Query('peran') role?: string,
  ): Promise<void> {
    await this.renderAccounts(request, reply, {}, {}, notice, { role: staffRole(role) });
  }

  @FormPost('akun')
  async createAccount(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() form: Form): Promise<void> {
    const role = text(form.role);
    const plain = {
      username: text(form.username),
      password: typeof form.password === 'string' ? form.password : '',
      role,
      ...(role === String(Role.Officer) ? { droppingPointIds: list(form.droppingPointIds) } : {}),
      ...(role === String(Role.CoopManager) && text(form.cooperativeId) ? { cooperativeId: text(form.cooperativeId) } : {}),
    };
    await this.handle(
      request,
      reply,
      form,
      CreateUserDto,
      plain,
      (dto) => this.users.create(dto),
      '/admin/akun?pesan=admin.saved',
      (f, e) => this.renderAccounts(request, reply, f, e),
    );
  }

  @FormPost('akun/:id/status')
  async accountStatus(@IdParam() id: string, @Res() reply: FastifyReply, @Body() form: Form): Promise<void> {
    await this.users.setDisabled(id, form.disabled === 'yes');
    await redirectTo(reply, '/admin/akun?pesan=admin.saved');
  }

  /** An officer's dropping points, to tick anew. */
  @Get('akun/:id/titik')
  async accountPointsPage(@IdParam() id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.renderOfficerPoints(request, reply, id, null, {});
  }

  @FormPost('akun/:id/titik')
  async accountPoints(
    @IdParam() id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Body() form: Form,
  ): Promise<void> {
    const ticked = list(form.droppingPointIds);
    await this.handle(
      request,
      reply,
      form,
      SetOfficerPointsDto,
      { droppingPointIds: ticked },
      (dto) => this.users.setDroppingPoints(id, dto.droppingPointIds),
      '/admin/akun?pesan=admin.saved',
      (_f, e) => this.renderOfficerPoints(request, reply, id, ticked, e),
    );
  }

  /**
   * A temporary password for a staff account, shown once on the answer page (never in a URL or a
   * redirect); the account's open sessions end.
   */
  @FormPost('akun/:id/sandi')
  async accountPassword(@IdParam() id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { user, temporaryPassword } = await this.users.resetPassword(id);
    await this.renderAccounts(request, reply, {}, {}, undefined, { reset: { username: user.username, password: temporaryPassword } });
  }

  @Get('instansi')
  async agenciesPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('pesan') notice?: string): Promise<void> {
    await this.renderAgencies(request, reply, {}, {}, notice);
  }

  @FormPost('instansi')
  async createAgency(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() form: Form): Promise<void> {
    const plain = { name: text(form.name), ...(text(form.shortName) ? { shortName: text(form.shortName) } : {}) };
    await this.handle(
      request,
      reply,
      form,
      CreateAgencyDto,
      plain,
      (dto) => this.agencies.create(dto),
      '/admin/instansi?pesan=admin.saved',
      (f, e) => this.renderAgencies(request, reply, f, e),
    );
  }

  @Get('pegawai')
  async rosterPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('diimpor') imported?: string): Promise<void> {
    await renderPage(
      request,
      reply,
      'admin/views/roster.eta',
      { title: 'admin.roster.title' },
      { imported: /^\d+$/.test(imported ?? '') ? Number(imported) : null, problems: [], scripts: ['roster.js'] },
    );
  }

  /** All or nothing, as the API: any bad line refuses the file, and every line's problems are listed. */
  @FormPost('pegawai')
  async importRoster(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() form: Form): Promise<void> {
    const csv = typeof form[ROSTER_FIELD] === 'string' ? form[ROSTER_FIELD] : '';
    try {
      const { imported } = await this.buyers.importRoster(csv);
      await redirectTo(reply, `/admin/pegawai?diimpor=${imported}`);
    } catch (error) {
      if (!(error instanceof DomainError) || !Array.isArray(error.details)) throw error;
      const problems = error.details as { line: number; field: string; message: string }[];
      await renderPage(
        request,
        reply,
        'admin/views/roster.eta',
        { title: 'admin.roster.title', status: 400 },
        { imported: null, problems, roster: csv, scripts: ['roster.js'] },
      );
    }
  }

  /** Checks the form against the API's DTO, runs the action, and shows the form again with what was wrong. */
  private async handle<T extends object>(
    _request: FastifyRequest,
    reply: FastifyReply,
    form: Form,
    dto: new () => T,
    plain: Record<string, unknown>,
    action: (value: T) => Promise<unknown>,
    next: string,
    again: (form: Form, errors: FieldErrors) => Promise<void>,
  ): Promise<void> {
    const checked = await checkDto(dto, plain);
    if (checked.errors) return again(form, checked.errors);
    try {
      await action(checked.value);
    } catch (error) {
      const errors = fieldErrorsOf(error);
      if (!errors) throw error;
      return again(form, errors);
    }
    await redirectTo(reply, next);
  }

  private async renderCooperatives(request: FastifyRequest, reply: FastifyReply, form: Form, errors: FieldErrors, notice?: string) {
    const cooperatives = await this.pages.cooperatives();
    await renderPage(
      request,
      reply,
      'admin/views/cooperatives.eta',
      { title: 'admin.cooperatives.title', status: Object.keys(errors).length ? 400 : 200 },
      { cooperatives, form, errors, notice: notice === 'admin.saved' ? notice : undefined },
    );
  }

  private async renderPoints(request: FastifyRequest, reply: FastifyReply, form: Form, errors: FieldErrors, notice?: string) {
    const points = await this.pages.droppingPoints();
    await renderPage(
      request,
      reply,
      'admin/views/points.eta',
      { title: 'admin.points.title', status: Object.keys(errors).length ? 400 : 200 },
      { points, map: mapOf(points), form, errors, notice: notice === 'admin.saved' ? notice : undefined },
    );
  }

  private async renderAccounts(
    request: FastifyRequest,
    reply: FastifyReply,
    form: Form,
    errors: FieldErrors,
    notice?: string,
    extra: { role?: Role; reset?: { username: string; password: string | null } } = {},
  ) {
    const [accounts, cooperatives, points] = await Promise.all([
      this.pages.accounts(extra.role),
      this.pages.cooperatives(),
      this.pages.droppingPoints(),
    ]);
    await renderPage(
      request,
      reply,
      'admin/views/accounts.eta',
      { title: 'admin.accounts.title', status: Object.keys(errors).length ? 400 : 200 },
      {
        accounts,
        cooperatives,
        points,
        form,
        errors,
        notice: notice === 'admin.saved' ? notice : undefined,
        roles: STAFF_ROLES,
        role: extra.role ?? '',
        reset: extra.reset ?? null,
      },
    );
  }

  /** `ticked`: the points as the form sent them (null: as the account has them). */
  private async renderOfficerPoints(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    ticked: string[] | null,
    errors: FieldErrors,
  ) {
    const [user, points] = await Promise.all([this.users.get(id), this.pages.droppingPoints()]);
    if (user.role !== Role.Officer) throw DomainError.notFound('Officer');
    await renderPage(
      request,
      reply,
      'admin/views/officer-points.eta',
      { title: 'admin.accounts.pointsOf', titleParams: { username: user.username }, status: Object.keys(errors).length ? 400 : 200 },
      { account: user, points, ticked: ticked ?? (user.droppingPoints ?? []).map((point) => point.id), errors },
    );
  }

  private async renderAgencies(request: FastifyRequest, reply: FastifyReply, form: Form, errors: FieldErrors, notice?: string) {
    const agencies = await this.pages.agencies();
    await renderPage(
      request,
      reply,
      'admin/views/agencies.eta',
      { title: 'admin.agencies.title', status: Object.keys(errors).length ? 400 : 200 },
      { agencies, form, errors, notice: notice === 'admin.saved' ? notice : undefined },
    );
  }
}

/**
 * The dropping points as pins on a small map drawn in SVG (no map tiles: the page loads nothing
 * from elsewhere): positions scaled into the points' bounding box, north up.
 */
function mapOf(points: { id: string; name: string; latitude: string; longitude: string }[]) {
  const coords = points.map((point) => ({ ...point, lat: Number(point.latitude), lon: Number(point.longitude) }));
  if (coords.length === 0) return null;
  const pad = 0.01;
  const minLat = Math.min(...coords.map((c) => c.lat)) - pad;
  const maxLat = Math.max(...coords.map((c) => c.lat)) + pad;
  const minLon = Math.min(...coords.map((c) => c.lon)) - pad;
  const maxLon = Math.max(...coords.map((c) => c.lon)) + pad;
  const width = 600;
  const height = Math.max(200, Math.min(600, Math.round((width * (maxLat - minLat)) / (maxLon - minLon))));
  return {
    width,
    height,
    pins: coords.map((c) => ({
      id: c.id,
      name: c.name,
      lat: c.lat,
      lon: c.lon,
      x: Math.round(((c.lon - minLon) / (maxLon - minLon)) * width),
      y: Math.round(((maxLat - c.lat) / (maxLat - minLat)) * height),
    })),
  };
}
