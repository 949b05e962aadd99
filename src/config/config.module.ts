import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Environment } from './environment';

/**
 * The settings the entry point validated (validateEnvironment, once per process), as the injectable
 * Environment, so services read typed values, never process.env. ConfigService serves the same
 * values to libraries that ask it; nothing validates them again.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(env: Environment): DynamicModule {
    return {
      module: AppConfigModule,
      imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => ({ ...env })] })],
      providers: [{ provide: Environment, useValue: env }],
      exports: [Environment],
    };
  }
}
