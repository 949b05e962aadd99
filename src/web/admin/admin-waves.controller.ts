import { Body, Get, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../../auth/auth.decorators';
import { IdParam } from '../../common/id-param';
import { DomainError, ErrorCode } from '../../common/domain-error';
import { toWib, wibDate } from '../../common/time';
import { Role } from '../../users/role.enum';
import { CopyWaveDto, CreateWaveDto } from '../../waves/dto/create-wave.dto';
import { WaveRecurrenceService } from '../../waves/wave-recurrence.service';
import type { CapacityShortfall } from '../../waves/capacity-holds';
import { effectiveStatus } from '../../waves/wave-status';
import { WaveStatus } from '../../waves/wave-status.enum';
import type { Wave } from '../../waves/wave.entity';
import { waveView } from '../../waves/wave.view';
import { WavesService } from '../../waves/waves.service';
import { FORMATTERS } from '../format';
import { localeOf, redirectTo, renderPage, translatorFor } from '../pages';
import { FormPost, WebController } from '../web.decorators';
import { CalendarWave } from './admin-pages.repository';
import { AdminPagesService } from './admin-pages.service';
import { checkDto, FieldErrors, fieldErrorsOf, integer, list, text } from './form';
import { LiveSummaryService } from './live-summary.service';

type Form = Record<string, unknown>;

/** Ready-made rules for the form; any other RRULE can be typed. */
export const RECURRENCE_PRESETS = [
  { value: 'FREQ=MONTHLY;BYDAY=+2TH', label: 'admin.recurrence.serlok' },
  { value: 'FREQ=WEEKLY', label: 'admin.recurrence.weekly' },
  { value: 'FREQ=MONTHLY', label: 'admin.recurrence.monthly' },
];

/** The administrator's waves: calendar and list, the create form, publish / copy / cancel / next, and the live wave room. */
@WebController('admin/gelombang')
@Roles(Role.Admin)
export class AdminWavesController {
  constructor(
    private readonly waves: WavesService,
    private readonly recurrence: WaveRecurrenceService,
    private readonly pages: AdminPagesService,
    private readonly live: LiveSummaryService,
  ) {}

  @Get()
  async index(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query('bulan') month?: string,
    @Query('pesan') notice?: string,
  ): Promise<void> {
    const monthStart = /^\d{4}-\d{2}$/.test(month ?? '') ? `${month}-01` : `${wibDate(new Date()).slice(0, 7)}-01`;
    const [ofMonth, recent] = await Promise.all([this.pages.wavesOfMonth(monthStart), this.pages.recentWaves()]);
    await renderPage(
      request,
      reply,
      'admin/views/waves.eta',
      { title: 'admin.waves.title' },
      {
        calendar: calendarOf(monthStart, ofMonth),
        waves: recent.map(withStatus),
        notice: notice === 'admin.waves.cancelled' || notice === 'admin.waves.deleted' ? notice : undefined,
      },
    );
  }

  @Get('baru')
  async newWave(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.renderForm(request, reply, {}, {});
  }

  @FormPost('baru')
  async create(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() form: Form): Promise<void> {
    const checked = await checkDto(CreateWaveDto, waveOfForm(form, await this.pages.cooperatives()));
    if (checked.errors) return this.renderForm(request, reply, form, checked.errors, 400);
    try {
      const wave = await this.waves.create(checked.value);
      const rule = text(form.recurrenceRule === 'custom' ? form.customRule : form.recurrenceRule);
      if (rule) await this.recurrence.setRule(wave.id, rule);
      if (form.publish === 'yes') await this.waves.publish(wave.id);
      await redirectTo(reply, `/admin/gelombang/${wave.id}/atur?pesan=admin.waves.created`);
    } catch (error) {
      const errors = pageErrorsOf(request, error, form);
      if (!errors) throw error;
      await this.renderForm(request, reply, form, errors, 400);
    }
  }

  /** A draft's edit form, filled with what it holds now; a published wave goes back to its page. */
  @Get(':id/ubah')
  async editForm(@IdParam() id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const wave = await this.waves.get(id);
    if (wave.status !== WaveStatus.Draft)
      return redirectTo(reply, `/admin/gelombang/${id}/atur?galat=${encodeURIComponent(notDraft(request))}`);
    await this.renderForm(request, reply, formOfWave(wave), {}, 200, waveView(wave));
  }

  @FormPost(':id/ubah')
  async edit(@IdParam() id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() form: Form): Promise<void> {
    const wave = await this.waves.get(id);
    const checked = await checkDto(CreateWaveDto, waveOfForm(form, await this.pages.cooperatives(), wave));
    if (checked.errors) return this.renderForm(request, reply, form, checked.errors, 400, waveView(wave));
    try {
      await this.waves.update(id, checked.value);
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.WaveNotDraft)
        return redirectTo(reply, `/admin/gelombang/${id}/atur?galat=${encodeURIComponent(notDraft(request))}`);
      const errors = pageErrorsOf(request, error, form);
      if (!errors) throw error;
      return this.renderForm(request, reply, form, errors, 400, waveView(wave));
    }
    await redirectTo(reply, `/admin/gelombang/${id}/atur?pesan=admin.waves.edited`);
  }

  /** Deleting a draft asks for a ticked confirmation first: it cannot be undone. */
  @FormPost(':id/hapus')
  async remove(@IdParam() id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() form: Form): Promise<void> {
    if (form.confirm !== 'yes')
      return redirectTo(
        reply,
        `/admin/gelombang/${id}/atur?galat=${encodeURIComponent(translatorFor(request)('admin.wave.deleteUnconfirmed'))}`,
      );
    try {
      await this.waves.deleteDraft(id);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== ErrorCode.WaveNotDraft) throw error;
      return redirectTo(reply, `/admin/gelombang/${id}/atur?galat=${encodeURIComponent(notDraft(request))}`);
    }
    await redirectTo(reply, '/admin/gelombang?pesan=admin.waves.deleted');
  }

  /** A wave's settings page: what it offers, and the actions its state allows. */
  @Get(':id/atur')
  async settings(
    @IdParam() id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query('pesan') notice?: string,
    @Query('galat') error?: string,
  ): Promise<void> {
    const wave = waveView(await this.waves.get(id));
    await renderPage(
      request,
      reply,
      'admin/views/wave.eta',
      { title: 'admin.wave.title', titleParams: { name: wave.name } },
      {
        wave,
        presets: RECURRENCE_PRESETS,
        notice: notice && /^admin\.[\w.]+$/.test(notice) ? notice : undefined,
        error: error && error.length <= 300 ? error : undefined,
      },
    );
  }

  @FormPost(':id/terbitkan')
  async publish(@IdParam() id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    try {
      await this.waves.publish(id);
    } catch (error) {
      // The cooperative's supply is named in the page's language; other refusals as the API words them.
      const errors = pageErrorsOf(request, error, {});
      if (!errors) throw error;
      return redirectTo(reply, `/admin/gelombang/${id}/atur?galat=${encodeURIComponent(Object.values(errors).join('; '))}`);
    }
    await redirectTo(reply, `/admin/gelombang/${id}/atur?pesan=admin.waves.published`);
  }

  @FormPost(':id/batalkan')
  async cancel(@IdParam() id: string, @Res() reply: FastifyReply, @Body() form: Form): Promise<void> {
    const reason = text(form.reason) || 'dibatalkan oleh administrator';
    await this.act(reply, id, 'admin.waves.cancelled', () => this.waves.cancel(id, reason.slice(0, 200)));
  }

  @FormPost(':id/salin')
  async copy(@IdParam() id: string, @Res() reply: FastifyReply, @Body() form: Form): Promise<void> {
    const checked = await checkDto(CopyWaveDto, {
      name: text(form.name),
      opensAt: text(form.opensAt),
      closesAt: text(form.closesAt),
      paymentDeadline: text(form.paymentDeadline),
      handOutDate: text(form.handOutDate),
    });
    if (checked.errors)
      return redirectTo(
        reply,
        `/admin/gelombang/${id}/atur?galat=${encodeURIComponent(
          Object.entries(checked.errors)
            .map(([field, message]) => `${field}: ${message}`)
            .join('; '),
        )}`,
      );
    try {
      const copy = await this.waves.copy(id, checked.value);
      await redirectTo(reply, `/admin/gelombang/${copy.id}/atur?pesan=admin.waves.copied`);
    } catch (error) {
      if (!fieldErrorsOf(error)) throw error;
      await redirectTo(reply, `/admin/gelombang/${id}/atur?galat=${encodeURIComponent((error as Error).message)}`);
    }
  }

  @FormPost(':id/ulang')
  async setRule(@IdParam() id: string, @Res() reply: FastifyReply, @Body() form: Form): Promise<void> {
    const rule = text(form.recurrenceRule === 'custom' ? form.customRule : form.recurrenceRule);
    await this.act(reply, id, 'admin.waves.ruleSaved', () => this.recurrence.setRule(id, rule || null));
  }

  @FormPost(':id/berikutnya')
  async next(@IdParam() id: string, @Res() reply: FastifyReply): Promise<void> {
    try {
      const next = await this.recurrence.createNext(id);
      await redirectTo(reply, `/admin/gelombang/${next.id}/atur?pesan=admin.waves.nextCreated`);
    } catch (error) {
      if (!fieldErrorsOf(error)) throw error;
      await redirectTo(reply, `/admin/gelombang/${id}/atur?galat=${encodeURIComponent((error as Error).message)}`);
    }
  }

  /** The live wave room: bars per product, orders per minute, points, agencies, time left; the page's script follows the feed. */
  @Get(':id')
  async room(@IdParam() id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const summary = await this.live.snapshot(id);
    await renderPage(
      request,
      reply,
      'admin/views/live-room.eta',
      { title: 'admin.live.title', titleParams: { name: summary.name } },
      {
        summary,
        scripts: ['live-room.js'],
        wide: true,
      },
    );
  }

  /** The create form, or with `editing` the edit form of that draft. */
  private async renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    form: Form,
    errors: FieldErrors,
    status = 200,
    editing?: ReturnType<typeof waveView>,
  ): Promise<void> {
    const [cooperatives, points, agencies] = await Promise.all([
      this.pages.cooperatives(),
      this.pages.droppingPoints(),
      this.pages.agencies(),
    ]);
    await renderPage(
      request,
      reply,
      'admin/views/wave-form.eta',
      editing
        ? { title: 'admin.waveForm.editTitle', titleParams: { name: editing.name }, status }
        : { title: 'admin.waveForm.title', status },
      {
        editing,
        form,
        errors,
        cooperatives,
        points,
        agencies,
        presets: RECURRENCE_PRESETS,
        selected: (name: string, value: string) => list(form[name]).includes(value),
      },
    );
  }

  private async act(reply: FastifyReply, id: string, done: string, action: () => Promise<unknown>): Promise<void> {
    try {
      await action();
    } catch (error) {
      if (!fieldErrorsOf(error)) throw error;
      return redirectTo(reply, `/admin/gelombang/${id}/atur?galat=${encodeURIComponent((error as Error).message)}`);
    }
    await redirectTo(reply, `/admin/gelombang/${id}/atur?pesan=${done}`);
  }
}

type Cooperatives = Awaited<ReturnType<AdminPagesService['cooperatives']>>;

/**
 * The wave a form describes, as the API's body. Editing keeps the pack sizes a draft already
 * offers of a product (the form has no field for them); a product newly ticked offers all its packs.
 */
function waveOfForm(form: Form, cooperatives: Cooperatives, editing?: Wave) {
  const products = cooperatives
    .flatMap((cooperative) => cooperative.products)
    .filter((product) => list(form.productIds).includes(product.id))
    .map((product) => {
      const offered = editing?.products?.find((offer) => offer.productId === product.id);
      return {
        productId: product.id,
        capacityKg: integer(form[`capacity_${product.id}`]),
        perBuyerLimitKg: integer(form[`limit_${product.id}`]),
        ...(offered ? { packSizesKg: (offered.packs ?? []).map((pack) => pack.sizeKg).sort((a, b) => a - b) } : {}),
      };
    });
  return {
    name: text(form.name),
    opensAt: text(form.opensAt),
    closesAt: text(form.closesAt),
    paymentDeadline: text(form.paymentDeadline),
    handOutDate: text(form.handOutDate),
    droppingPointIds: list(form.droppingPointIds),
    agencies: list(form.agencies),
    products,
  };
}

/** A draft as its form's fields: WIB times without the offset, as a datetime-local input holds them. */
function formOfWave(wave: Wave): Form {
  const local = (instant: Date) => toWib(instant).slice(0, 19);
  const form: Form = {
    name: wave.name,
    opensAt: local(wave.opensAt),
    closesAt: local(wave.closesAt),
    paymentDeadline: local(wave.paymentDeadline),
    handOutDate: wave.handOutDate,
    droppingPointIds: (wave.droppingPoints ?? []).map((point) => point.id),
    agencies: wave.agencies,
    productIds: (wave.products ?? []).map((offer) => offer.productId),
  };
  for (const offer of wave.products ?? []) {
    form[`capacity_${offer.productId}`] = String(offer.capacityKg);
    form[`limit_${offer.productId}`] = String(offer.perBuyerLimitKg);
  }
  return form;
}

/**
 * The field errors of a refused form, in the page's language where the catalogue has the words:
 * a product the cooperative cannot supply is named beside its own capacity field.
 */
function pageErrorsOf(request: FastifyRequest, error: unknown, form: Form): FieldErrors | null {
  if (!(error instanceof DomainError) || error.code !== ErrorCode.CapacityUnavailable) return fieldErrorsOf(error);
  const t = translatorFor(request);
  const f = FORMATTERS[localeOf(request)];
  const errors: FieldErrors = {};
  for (const shortfall of error.details as CapacityShortfall[]) {
    const field = list(form.productIds).includes(shortfall.productId) ? `capacity_${shortfall.productId}` : shortfall.field;
    errors[field] = t('admin.waveForm.capacityUnavailable', {
      product: shortfall.productName,
      available: f.weight(shortfall.availableKg),
      held: f.weight(shortfall.heldKg),
      left: f.weight(shortfall.leftKg),
      requested: f.weight(shortfall.requestedKg),
    });
  }
  return errors;
}

const notDraft = (request: FastifyRequest) => translatorFor(request)('admin.wave.notDraft');

function withStatus(wave: CalendarWave) {
  return { ...wave, shownStatus: effectiveStatus({ status: wave.status as never, opensAt: wave.opens_at, closesAt: wave.closes_at }) };
}

/** A month as weeks of days (Monday first), each day with the waves open on it (WIB). */
function calendarOf(monthStart: string, waves: CalendarWave[]) {
  const [year, month] = monthStart.split('-').map(Number);
  const first = new Date(Date.UTC(year, month - 1, 1));
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7;
  const cells: ({ date: string; day: number; waves: ReturnType<typeof withStatus>[] } | null)[] = Array(lead).fill(null);
  for (let day = 1; day <= days; day++) {
    const date = `${monthStart.slice(0, 8)}${String(day).padStart(2, '0')}`;
    cells.push({
      date,
      day,
      waves: waves.filter((wave) => wibDate(wave.opens_at) <= date && wibDate(wave.closes_at) >= date).map(withStatus),
    });
  }
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  const shift = (delta: number) => {
    const d = new Date(Date.UTC(year, month - 1 + delta, 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  };
  return { month: monthStart.slice(0, 7), monthDate: monthStart, weeks, previous: shift(-1), next: shift(1) };
}
