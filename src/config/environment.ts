import { plainToInstance, Transform } from 'class-transformer';
import { IsEnum, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, Min, MinLength, validateSync } from 'class-validator';

export enum NodeEnv {
  Development = 'development',
  Production = 'production',
  Test = 'test',
}

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

/** Every setting the service reads, validated once at boot so a bad value fails loudly and early. */
export class Environment {
  @IsEnum(NodeEnv)
  NODE_ENV: NodeEnv = NodeEnv.Development;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  @IsNotEmpty()
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/gelombang';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(500)
  DATABASE_POOL_SIZE = 20;

  @IsString()
  @IsNotEmpty()
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Prefix for every Redis key (queues, rate limits), so several deployments or test runs share one Redis. */
  @IsString()
  @IsNotEmpty()
  REDIS_PREFIX = 'gelombang';

  @IsString()
  @MinLength(16, { message: 'JWT_SECRET must be at least 16 characters' })
  JWT_SECRET: string;

  @IsString()
  @IsNotEmpty()
  JWT_EXPIRES_IN = '8h';

  @IsString()
  @IsNotEmpty()
  ADMIN_USERNAME = 'admin';

  @IsOptional()
  @IsString()
  @MinLength(8, { message: 'ADMIN_PASSWORD must be at least 8 characters' })
  ADMIN_PASSWORD?: string;

  /** argon2id memory cost in KiB (OWASP: at least 19 MiB). Tests lower it to stay fast; production keeps the default. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  PASSWORD_HASH_MEMORY_KIB = 19456;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Seconds between the safety sweeps that catch wave transitions a timer missed (restart, other instance). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  WAVE_SWEEP_SECONDS = 5;

  // --- Rate limits (src/rate-limit), shared across instances through Redis ---

  /** Login attempts per account (username) per window; past it the account's logins wait RATE_LIMIT_LOGIN_BLOCK_SECONDS. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_LOGIN_PER_ACCOUNT = 10;

  /** Login attempts per client address per window: generous, since a ministry's staff share one office address. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_LOGIN_PER_ADDRESS = 1200;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_LOGIN_WINDOW_SECONDS = 60;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_LOGIN_BLOCK_SECONDS = 300;

  /** Order placements per buyer per window (a buyer's kg are capped by the wave anyway; this stops hammering). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_ORDERS_PER_BUYER = 300;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_ORDERS_WINDOW_SECONDS = 60;
}

const DEVELOPMENT_JWT_SECRET = 'gelombang-development-secret-change-me';

export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const withDefaults = { ...raw };
  if (!withDefaults.JWT_SECRET && raw.NODE_ENV !== NodeEnv.Production) {
    withDefaults.JWT_SECRET = DEVELOPMENT_JWT_SECRET;
  }
  const env = plainToInstance(Environment, withDefaults, { enableImplicitConversion: false });
  const errors = validateSync(env, { skipMissingProperties: false, whitelist: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => `  - ${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return env;
}
