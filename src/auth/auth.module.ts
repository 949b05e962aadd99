import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { Environment } from '../config/environment';
import { UserStatusService } from '../users/user-status.service';
import { UsersRepository } from '../users/users.repository';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { PasswordService } from './password.service';
import { SessionAuthenticator } from './session';

/** Global, with the accounts' repository: every request's guard, the users module and the buyers module read and write accounts. */
@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [Environment],
      useFactory: (env: Environment) => ({
        // A KeyObject, not the string: given a string, jsonwebtoken first tries to parse it as a
        // PEM public key on every verification, and that failed parse cost a third of the order path.
        secret: createSecretKey(Buffer.from(env.JWT_SECRET, 'utf8')),
        signOptions: { expiresIn: env.JWT_EXPIRES_IN as `${number}h`, algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    PasswordService,
    UserStatusService,
    UsersRepository,
    SessionAuthenticator,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService, PasswordService, UserStatusService, UsersRepository, SessionAuthenticator],
})
export class AuthModule {}
