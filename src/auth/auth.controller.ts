import { Body, Controller, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ErrorCode } from '../common/domain-error';
import type { LoginRefusal } from '../rate-limit/login-throttle';
import { Public } from './auth.decorators';
import { AuthService } from './auth.service';
import { LoginDto, TokenDto } from './dto/login.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: TokenDto })
  @ApiTooManyRequestsResponse({
    description: 'TOO_MANY_REQUESTS: too many attempts for this account from this address, from this address, or in all',
  })
  async login(@Body() body: LoginDto, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<TokenDto> {
    try {
      return await this.auth.login(body.username, body.password, request.ip);
    } catch (error) {
      setRetryAfter(reply, error);
      throw error;
    }
  }
}

/** A throttled login says when to come back: Retry-After, and Retry-After-<limit> naming the limit. */
export function setRetryAfter(reply: FastifyReply, error: unknown): void {
  if (!(error instanceof DomainError) || error.code !== ErrorCode.TooManyRequests) return;
  const { limit, retryAfterSeconds } = error.details as LoginRefusal;
  void reply.header('retry-after', String(retryAfterSeconds)).header(`retry-after-${limit}`, String(retryAfterSeconds));
}
