import { Body, Get, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { Public } from '../../auth/auth.decorators';
import { AuthService } from '../../auth/auth.service';
import { BuyersService } from '../../buyers/buyers.service';
import { ConfirmRegistrationDto, RegisterBuyerDto } from '../../buyers/dto/register-buyer.dto';
import { DomainError, ErrorCode } from '../../common/domain-error';
import { Role } from '../../users/role.enum';
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

/**
 * Self-registration with the NIP at /daftar; afterwards the buyer is logged in. Where a roster
 * exists, /daftar asks the NIP and a password, a code goes to the roster's phone, and /daftar/kode
 * takes it (issue 16, finding 7).
 */
@WebController('daftar')
@Public()
export class RegisterPagesController {
  constructor(
    private readonly buyers: BuyersService,
    private readonly auth: AuthService,
  ) {}

  @Get()
  async form(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const roster = await this.buyers.hasRoster();
    await renderPage(request, reply, 'buyer/register.eta', { title: 'buyer.register.title' }, { values: {}, errors: {}, roster });
  }

  /** The second step where a roster exists: the code sent to the roster's phone; then the buyer is logged in. */
  @FormPost('kode')
  async confirm(@Body() form: Record<string, unknown>, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const nip = typeof form?.nip === 'string' ? form.nip.trim() : '';
    const code = typeof form?.code === 'string' ? form.code.replace(/\s/g, '') : '';
    const dto = plainToInstance(ConfirmRegistrationDto, { nip, code });
    let error = (await validate(dto)).length > 0 ? 'buyer.register.error.code' : undefined;
    if (!error) {
      try {
        const buyer = await this.buyers.confirm(dto, request.ip ?? 'unknown');
        startSession(reply, await this.auth.issueToken({ id: buyer.userId, role: Role.Buyer, cooperative_id: null, buyer_id: buyer.id }));
        return redirectTo(reply, '/gelombang');
      } catch (failure) {
        if (!(failure instanceof DomainError)) throw failure;
        if (failure.code === ErrorCode.TooManyRequests) error = 'buyer.register.error.tooMany';
        else if (failure.code === ErrorCode.ValidationFailed) error = 'buyer.register.error.code';
        else throw failure;
      }
    }
    await renderPage(request, reply, 'buyer/register-code.eta', { title: 'buyer.register.codeTitle', status: 422 }, { nip, error });
  }

  @FormPost()
  async register(@Body() form: Record<string, unknown>, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const values = Object.fromEntries(
      FIELDS.map((field) => [field, typeof form?.[field] === 'string' ? form[field].trim() : '']),
    ) as Record<Field, string>;
    values.password = typeof form?.password === 'string' ? form.password : '';
    const roster = await this.buyers.hasRoster();
    // Where a roster exists it is the truth for name, agency and phone: the form asks only the NIP and a password.
    const dto = plainToInstance(RegisterBuyerDto, roster ? { nip: values.nip, password: values.password } : values);
    const errors: Partial<Record<Field, string>> = {};
    // The DTO's checks first (18 digits, lengths, phone shape, password rule); the NIP's fields are checked by the service.
    for (const problem of await validate(dto))
      errors[problem.property as Field] =
        problem.property === 'nip'
          ? 'buyer.register.error.nipLength'
          : problem.property === 'password' && problem.constraints?.isAcceptablePassword
            ? 'buyer.register.error.passwordWeak'
            : `buyer.register.error.${problem.property}`;
    if (Object.keys(errors).length === 0) {
      try {
        const outcome = await this.buyers.register(dto, request.ip ?? 'unknown');
        if (outcome.codeSent) {
          return await renderPage(request, reply, 'buyer/register-code.eta', { title: 'buyer.register.codeTitle' }, { nip: dto.nip });
        }
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
      { values: { ...values, password: '' }, errors, roster },
    );
  }

  private explain(error: unknown): { field: Field; message: string } | null {
    if (!(error instanceof DomainError)) return null;
    if (error.code === ErrorCode.DuplicateNip) return { field: 'nip', message: 'buyer.register.error.nipTaken' };
    if (error.code === ErrorCode.TooManyRequests) return { field: 'nip', message: 'buyer.register.error.tooMany' };
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
