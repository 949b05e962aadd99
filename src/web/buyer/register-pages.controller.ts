import { Body, Get, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { Public } from '../../auth/auth.decorators';
import { AuthService } from '../../auth/auth.service';
import { BuyersService } from '../../buyers/buyers.service';
import { RegisterBuyerDto } from '../../buyers/dto/register-buyer.dto';
import { DomainError, ErrorCode } from '../../common/domain-error';
import { redirectTo, renderPage } from '../pages';
import { startSession } from '../session-cookie';
import { FormPost, WebController } from '../web.decorators';

const FIELDS = ['nip', 'name', 'agency', 'phone', 'password'] as const;
type Field = (typeof FIELDS)[number];

/** What nipProblem (src/buyers/nip.ts) says, in the buyer's words. */
const NIP_PROBLEMS: [RegExp, string][] = [
  [/18 digits/, 'buyer.register.error.nipLength'],
  [/birth date/, 'buyer.register.error.nipBirth'],
  [/appointment month must come after/, 'buyer.register.error.nipAppointmentOrder'],
  [/appointment month/, 'buyer.register.error.nipAppointment'],
  [/gender/, 'buyer.register.error.nipGender'],
];

/** Self-registration with the NIP at /daftar; afterwards the buyer is logged in. */
@WebController('daftar')
@Public()
export class RegisterPagesController {
  constructor(
    private readonly buyers: BuyersService,
    private readonly auth: AuthService,
  ) {}

  @Get()
  async form(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await renderPage(request, reply, 'buyer/register.eta', { title: 'buyer.register.title' }, { values: {}, errors: {} });
  }

  @FormPost()
  async register(@Body() form: Record<string, unknown>, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const values = Object.fromEntries(
      FIELDS.map((field) => [field, typeof form?.[field] === 'string' ? (form[field]).trim() : '']),
    ) as Record<Field, string>;
    values.password = typeof form?.password === 'string' ? form.password : '';
    const dto = plainToInstance(RegisterBuyerDto, values);
    const errors: Partial<Record<Field, string>> = {};
    // The DTO's checks first (18 digits, lengths, phone shape); the NIP's fields are checked by the service.
    for (const problem of await validate(dto))
      errors[problem.property as Field] =
        problem.property === 'nip' ? 'buyer.register.error.nipLength' : `buyer.register.error.${problem.property}`;
    if (Object.keys(errors).length === 0) {
      try {
        await this.buyers.register(dto);
        const { accessToken } = await this.auth.login(dto.nip, dto.password, request.ip);
        startSession(reply, accessToken);
        return redirectTo(reply, '/gelombang');
      } catch (error) {
        const key = this.explain(error);
        if (!key) throw error;
        errors[key.field] = key.message;
      }
    }
    await renderPage(
      request,
      reply,
      'buyer/register.eta',
      { title: 'buyer.register.title', status: 422 },
      { values: { ...values, password: '' }, errors },
    );
  }

  private explain(error: unknown): { field: Field; message: string } | null {
    if (!(error instanceof DomainError)) return null;
    if (error.code === ErrorCode.DuplicateNip) return { field: 'nip', message: 'buyer.register.error.nipTaken' };
    if (error.code !== ErrorCode.ValidationFailed) return null;
    const [detail] = (error.details as { field: string; messages: string[] }[] | undefined) ?? [];
    if (detail?.field === 'nip') {
      const found = NIP_PROBLEMS.find(([pattern]) => pattern.test(detail.messages.join(' ')));
      return { field: 'nip', message: found?.[1] ?? 'buyer.register.error.nip' };
    }
    if (detail?.field === 'phone') return { field: 'phone', message: 'buyer.register.error.phoneRoster' };
    return { field: (FIELDS as readonly string[]).includes(detail?.field) ? (detail.field as Field) : 'nip', message: 'form.fixErrors' };
  }
}
