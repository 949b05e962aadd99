import { Body, Get, Query, Req, Res } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser, Public, Roles } from '../../auth/auth.decorators';
import { BuyerAccountService } from '../../buyers/buyer-account.service';
import { BuyersService } from '../../buyers/buyers.service';
import { ConfirmPasswordResetDto, PasswordResetDto } from '../../buyers/dto/password-reset.dto';
import { UpdateProfileDto } from '../../buyers/dto/update-profile.dto';
import { DomainError, ErrorCode } from '../../common/domain-error';
import { DroppingPointsService } from '../../dropping-points/dropping-points.service';
import { Role } from '../../users/role.enum';
import { redirectTo, renderPage } from '../pages';
import { FormPost, WebController } from '../web.decorators';

/** Form field -> the catalogue key shown under it. */
type FieldErrors = Record<string, string>;

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/** The civil servant's profile at /profil: the roster's fields shown, phone and default point changed. */
@WebController('profil')
@Roles(Role.Buyer)
export class ProfilePagesController {
  constructor(
    private readonly buyers: BuyersService,
    private readonly account: BuyerAccountService,
    private readonly points: DroppingPointsService,
  ) {}

  @Get()
  async page(
    @CurrentUser() user: AuthUser,
    @Query('disimpan') saved: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const buyer = await this.buyers.findByUser(user.userId);
    await this.render(request, reply, user, { phone: buyer.phone, point: buyer.defaultDroppingPointId ?? '' }, {}, saved !== undefined);
  }

  @FormPost()
  async save(
    @CurrentUser() user: AuthUser,
    @Body() form: Record<string, unknown>,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const buyer = await this.buyers.findByUser(user.userId);
    const values = { phone: text(form?.phone), point: text(form?.titik) };
    const password = typeof form?.currentPassword === 'string' ? form.currentPassword : '';
    const dto = plainToInstance(UpdateProfileDto, {
      ...(values.phone !== buyer.phone ? { phone: values.phone, currentPassword: password || undefined } : {}),
      defaultDroppingPointId: values.point || null,
    });
    const errors: FieldErrors = {};
    for (const problem of await validate(dto)) errors[fieldOf(problem.property)] = errorKey(problem.property);
    if (Object.keys(errors).length === 0) {
      try {
        await this.account.updateProfile(user.userId, dto, request.ip);
        return await redirectTo(reply, '/profil?disimpan=1');
      } catch (error) {
        const detail = validationField(error);
        if (error instanceof DomainError && error.code === ErrorCode.TooManyRequests)
          errors.currentPassword = 'buyer.register.error.tooMany';
        else if (detail) errors[fieldOf(detail)] = errorKey(detail);
        else throw error;
      }
    }
    await this.render(request, reply, user, values, errors, false, 422);
  }

  private async render(
    request: FastifyRequest,
    reply: FastifyReply,
    user: AuthUser,
    values: { phone: string; point: string },
    errors: FieldErrors,
    saved: boolean,
    status = 200,
  ): Promise<void> {
    const buyer = await this.buyers.findByUser(user.userId);
    const points = await this.points.list();
    await renderPage(
      request,
      reply,
      'buyer/profile.eta',
      { title: 'buyer.profile.title', status },
      { buyer, points, values, errors, saved },
    );
  }
}

/** A forgotten password at /lupa-sandi: the NIP, then the code sent to the account's phone and a new password. */
@WebController('lupa-sandi')
@Public()
export class PasswordResetPagesController {
  constructor(private readonly account: BuyerAccountService) {}

  @Get()
  async form(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await renderPage(request, reply, 'buyer/reset.eta', { title: 'buyer.reset.title' }, { nip: '', error: null });
  }

  @FormPost()
  async ask(@Body() form: Record<string, unknown>, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const nip = text(form?.nip);
    const dto = plainToInstance(PasswordResetDto, { nip });
    if ((await validate(dto)).length > 0) {
      return renderPage(
        request,
        reply,
        'buyer/reset.eta',
        { title: 'buyer.reset.title', status: 422 },
        { nip, error: 'buyer.register.error.nipLength' },
      );
    }
    try {
      await this.account.requestPasswordReset(nip, request.ip ?? 'unknown');
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== ErrorCode.TooManyRequests) throw error;
      return renderPage(
        request,
        reply,
        'buyer/reset.eta',
        { title: 'buyer.reset.title', status: 429 },
        { nip, error: 'buyer.register.error.tooMany' },
      );
    }
    await renderPage(request, reply, 'buyer/reset-code.eta', { title: 'buyer.reset.codeTitle' }, { nip, errors: {} });
  }

  @FormPost('kode')
  async confirm(@Body() form: Record<string, unknown>, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const nip = text(form?.nip);
    const dto = plainToInstance(ConfirmPasswordResetDto, {
      nip,
      code: text(form?.code).replace(/\s/g, ''),
      newPassword: typeof form?.newPassword === 'string' ? form.newPassword : '',
    });
    const errors: FieldErrors = {};
    for (const problem of await validate(dto)) errors[problem.property] = resetErrorKey(problem.property, problem.constraints);
    if (Object.keys(errors).length === 0) {
      try {
        await this.account.confirmPasswordReset(dto, request.ip ?? 'unknown');
        return await renderPage(request, reply, 'views/login.eta', { title: 'login.title' }, { notice: 'buyer.reset.done', username: nip });
      } catch (error) {
        if (error instanceof DomainError && error.code === ErrorCode.TooManyRequests) errors.code = 'buyer.register.error.tooMany';
        else if (validationField(error) === 'code') errors.code = 'buyer.register.error.code';
        else throw error;
      }
    }
    await renderPage(request, reply, 'buyer/reset-code.eta', { title: 'buyer.reset.codeTitle', status: 422 }, { nip, errors });
  }
}

/** The field a VALIDATION_FAILED names, or null for any other error. */
function validationField(error: unknown): string | null {
  if (!(error instanceof DomainError) || error.code !== ErrorCode.ValidationFailed) return null;
  const [detail] = (error.details as { field: string }[] | undefined) ?? [];
  return detail?.field ?? null;
}

/** The profile form's field for an API field: the password's problem is shown at the phone it guards. */
function fieldOf(property: string): string {
  return property === 'defaultDroppingPointId' ? 'titik' : property;
}

function errorKey(property: string): string {
  if (property === 'defaultDroppingPointId') return 'buyer.profile.error.point';
  if (property === 'currentPassword') return 'buyer.profile.error.currentPassword';
  return 'buyer.profile.error.phone';
}

function resetErrorKey(property: string, constraints: Record<string, string> | undefined): string {
  if (property === 'nip') return 'buyer.register.error.nipLength';
  if (property === 'code') return 'buyer.register.error.code';
  return constraints?.isAcceptablePassword ? 'buyer.register.error.passwordWeak' : 'buyer.register.error.password';
}
