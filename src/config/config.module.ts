import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Environment, validateEnvironment } from './environment';

/** Exposes the validated Environment as an injectable, so services read typed settings, not strings. */
@Global()
@Module({
  imports: [ConfigModule.forRoot({ isGlobal: true, cache: true, validate: validateEnvironment, ignoreEnvFile: true })],
  providers: [
    {
      provide: Environment,
      useFactory: () => validateEnvironment(process.env),
    },
  ],
  exports: [Environment],
})
export class AppConfigModule {}
