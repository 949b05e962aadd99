import { plainToInstance, Transform } from 'class-transformer';
import {
  IsEnum,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
  validateSync,
} from 'class-validator';

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

  /**
   * Address the API listens on: loopback unless told otherwise, so that a fresh clone's `npm start`
   * runs with the development secrets; off loopback they are refused (see publicSecretsInUse).
   */
  @IsString()
  @IsNotEmpty()
  HOST = '127.0.0.1';

  @IsString()
  @IsNotEmpty()
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/gelombang';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(500)
  DATABASE_POOL_SIZE = 20;

  /**
   * Which proxies may name the client in X-Forwarded-For (rate limits per address rely on it):
   * false (none: the peer is the client), true (any), or addresses/CIDRs, comma-separated.
   */
  @IsString()
  @Matches(/^(true|false|[0-9a-fA-F.:/]+(,\s*[0-9a-fA-F.:/]+)*)$/, { message: 'TRUST_PROXY must be true, false, or addresses/CIDRs' })
  TRUST_PROXY = 'false';

  /** API processes on this machine (node:cluster); 1 runs the API in this process. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  WEB_CONCURRENCY = 1;

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

  /**
   * Failed login attempts per (account, client address) within the account window before each
   * further attempt from that pair waits 1, 2, 4 … seconds (a success clears the count).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_LOGIN_PER_ACCOUNT = 10;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_LOGIN_ACCOUNT_WINDOW_SECONDS = 900;

  /**
   * Only when set: an account-wide lock for this long after RATE_LIMIT_LOGIN_PER_ACCOUNT failures
   * in a row from anywhere. Off by default, since it lets a stranger lock anyone out.
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_LOGIN_ACCOUNT_BLOCK_SECONDS?: number;

  /** Login attempts across the whole service per address window: a ceiling on the password hashing an attack can cause. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_LOGIN_GLOBAL = 30_000;

  /** Login attempts per client address per window: generous, since a ministry's staff share one office address. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_LOGIN_PER_ADDRESS = 1200;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_LOGIN_ADDRESS_WINDOW_SECONDS = 60;

  /**
   * Registration requests (POST /buyers, /buyers/confirm and the page /daftar) per client address per
   * window: each costs a password hash. Generous, since a ministry's staff may register from one office address.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_REGISTER_PER_ADDRESS = 600;

  /** Registration requests across the whole service per window: a ceiling on the hashing anonymous requests can cause. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_REGISTER_GLOBAL = 20_000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_REGISTER_WINDOW_SECONDS = 600;

  /** One-time registration codes sent for one NIP per code window (where a roster exists). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_CODES_PER_NIP = 3;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_CODES_WINDOW_SECONDS = 900;

  /** How long a registration code is valid (the message says 10 minutes), and how many wrong tries end it. */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  REGISTRATION_CODE_TTL_SECONDS = 600;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  REGISTRATION_CODE_MAX_ATTEMPTS = 5;

  /** Order placements per buyer per window (a buyer's kg are capped by the wave anyway; this stops hammering). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_ORDERS_PER_BUYER = 300;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_ORDERS_WINDOW_SECONDS = 60;

  // --- Home delivery by ojek online (src/delivery, src/queues, src/outbox; see the README, "Home delivery") ---

  /** Which courier gateway books trips: `http` (a courier API, e.g. the simulator) or `manual` (officers book in the courier's app). */
  @IsIn(['http', 'manual'])
  COURIER_DRIVER: 'http' | 'manual' = 'http';

  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  COURIER_BASE_URL = 'http://127.0.0.1:4010';

  /** Bearer key for the courier API; a development default outside production (see validateEnvironment). */
  @ValidateIf((env: Environment) => env.COURIER_DRIVER === 'http')
  @IsString()
  @MinLength(8, { message: 'COURIER_API_KEY must be at least 8 characters' })
  COURIER_API_KEY?: string;

  /** Shared secret the courier signs its webhooks with (HMAC-SHA256). */
  @ValidateIf((env: Environment) => env.COURIER_DRIVER === 'http')
  @IsString()
  @MinLength(16, { message: 'COURIER_WEBHOOK_SECRET must be at least 16 characters' })
  COURIER_WEBHOOK_SECRET?: string;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  COURIER_TIMEOUT_MS = 10_000;

  /** Bookings the workers together may start per COURIER_RATE_LIMIT_DURATION_MS (the courier's rate limit). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  COURIER_RATE_LIMIT_MAX = 20;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  COURIER_RATE_LIMIT_DURATION_MS = 1_000;

  /** What one motorbike carries; a heavier order is split into several trips. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  DELIVERY_MAX_TRIP_KG = 20;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  DELIVERY_JOB_ATTEMPTS = 8;

  /** First retry delay; later ones double, with jitter. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  DELIVERY_BACKOFF_MS = 2_000;

  /** Jobs one worker process runs at once. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(500)
  WORKER_CONCURRENCY = 8;

  /** How long SIGTERM waits for in-flight jobs before the worker gives up on them (they are retried elsewhere). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  WORKER_SHUTDOWN_TIMEOUT_MS = 20_000;

  /** A job whose worker died is handed to another worker after about this long. */
  @Transform(toInt)
  @IsInt()
  @Min(500)
  WORKER_LOCK_DURATION_MS = 30_000;

  /** How often the outbox relay looks for intents without a job in Redis (a flushed or restarted Redis). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  OUTBOX_RECONCILE_SECONDS = 30;

  // --- Paying by QRIS through a payment gateway (src/payments; see the README, "Paying by QRIS") ---

  /**
   * `sim`: the gateway simulator (npm run payments:sim); `http`: a Xendit account (both speak
   * Xendit's QR Codes API); `off`: no QRIS from the phone. Beyond loopback it is `off` unless set
   * (or NODE_ENV is development or test).
   */
  @IsIn(['http', 'sim', 'off'])
  PAYMENTS_DRIVER: 'http' | 'sim' | 'off' = 'sim';

  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  PAYMENTS_BASE_URL = 'http://127.0.0.1:4020';

  /** The gateway's secret API key (Basic auth); a published development value the simulator also knows. */
  @IsString()
  @MinLength(16, { message: 'PAYMENTS_SECRET_KEY must be at least 16 characters' })
  PAYMENTS_SECRET_KEY = DEVELOPMENT_PAYMENTS_SECRET_KEY;

  /** The callback verification token the gateway sends in x-callback-token. */
  @IsString()
  @MinLength(16, { message: 'PAYMENTS_CALLBACK_TOKEN must be at least 16 characters' })
  PAYMENTS_CALLBACK_TOKEN = DEVELOPMENT_PAYMENTS_CALLBACK_TOKEN;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  PAYMENTS_TIMEOUT_MS = 10_000;

  /** How long a QRIS code may be paid (never beyond the wave's payment deadline). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  PAYMENTS_QR_EXPIRY_MINUTES = 30;

  /** How often the reconcile job asks the gateway about pending codes near or past their expiry. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  PAYMENTS_RECONCILE_SECONDS = 30;

  /** A pending code is asked about once it is this close to its expiry (a lost callback is found before the code lapses). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  PAYMENTS_RECONCILE_WINDOW_SECONDS = 120;

  // --- Notifications (src/notifications; see the README, "Notifications") ---

  /** Links in messages (order page, unsubscribe) start with this. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  PUBLIC_URL = 'http://127.0.0.1:3000';

  /** `cloud`: the WhatsApp Business Cloud API; `sim`: the same API on the messaging simulator (npm run messaging:sim); `off`: no WhatsApp. */
  @IsIn(['cloud', 'sim', 'off'])
  WHATSAPP_DRIVER: 'cloud' | 'sim' | 'off' = 'sim';

  /** https://graph.facebook.com for `cloud`; the simulator's address for `sim`. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  WHATSAPP_API_URL = 'http://127.0.0.1:4030';

  @Matches(/^v\d+\.\d+$/, { message: 'WHATSAPP_API_VERSION looks like v21.0' })
  WHATSAPP_API_VERSION = 'v21.0';

  @Matches(/^\d{5,20}$/, { message: 'WHATSAPP_PHONE_NUMBER_ID is the numeric id of the business phone number' })
  WHATSAPP_PHONE_NUMBER_ID = '100000000000001';

  @IsString()
  @MinLength(8)
  WHATSAPP_TOKEN = DEVELOPMENT_WHATSAPP_TOKEN;

  /** The app secret Meta signs status webhooks with (X-Hub-Signature-256). */
  @IsString()
  @MinLength(16)
  WHATSAPP_APP_SECRET = DEVELOPMENT_WHATSAPP_APP_SECRET;

  /** What the GET hub.challenge handshake must present as hub.verify_token. */
  @IsString()
  @MinLength(8)
  WHATSAPP_VERIFY_TOKEN = 'dev-whatsapp-verify-token';

  /** `http`: an HTTP SMS gateway; `sim`: the messaging simulator's; `off`: no SMS. */
  @IsIn(['http', 'sim', 'off'])
  SMS_DRIVER: 'http' | 'sim' | 'off' = 'sim';

  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  SMS_API_URL = 'http://127.0.0.1:4030';

  @IsString()
  @MinLength(8)
  SMS_API_KEY = 'dev-sms-api-key';

  /** `smtp`: email through SMTP_URL with nodemailer; `off`: no email. */
  @IsIn(['smtp', 'off'])
  EMAIL_DRIVER: 'smtp' | 'off' = 'off';

  /** smtp://user:pass@host:port (smtps:// for TLS from the start). */
  @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must be smtp://... or smtps://...' })
  SMTP_URL = 'smtp://127.0.0.1:1025';

  @IsString()
  @IsNotEmpty()
  EMAIL_FROM = 'Gelombang <no-reply@gelombang.local>';

  /** Sends the workers together may start per NOTIFY_RATE_LIMIT_DURATION_MS (the providers' rate limit). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  NOTIFY_RATE_LIMIT_MAX = 80;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  NOTIFY_RATE_LIMIT_DURATION_MS = 1_000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  NOTIFY_JOB_ATTEMPTS = 6;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  NOTIFY_BACKOFF_MS = 2_000;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  NOTIFY_TIMEOUT_MS = 10_000;

  /** How often newly placed orders are turned into messages (off the order path, in bulk). */
  @Transform(toInt)
  @IsInt()
  @Min(50)
  NOTIFY_SWEEP_MS = 1_000;

  /** WIB hours without announcements, "from-until" ("21-06"; "0-0" for none): they are held until the end. */
  @Matches(/^([01]?\d|2[0-3])-([01]?\d|2[0-3])$/, { message: 'NOTIFY_QUIET_HOURS looks like 21-06' })
  NOTIFY_QUIET_HOURS = '21-06';

  /** The WIB hour of the hand-out day at which pickup orders are reminded to collect (6: 06.00 WIB). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(23)
  NOTIFY_HAND_OUT_REMINDER_HOUR = 6;

  /**
   * Announcements yield to orders: while this process takes at least this many orders per second,
   * a fan-out page waits (up to NOTIFY_FANOUT_YIELD_MS). 0 turns yielding off.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  NOTIFY_FANOUT_YIELD_ORDERS_PER_SEC = 50;

  /** The longest a fan-out page waits for the order path: announcements still move during a long rush. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  NOTIFY_FANOUT_YIELD_MS = 5_000;

  /** A queued message whose job is gone from Redis for this long is queued again. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  NOTIFY_RECONCILE_SECONDS = 60;
}

const DEVELOPMENT_JWT_SECRET = 'gelombang-development-secret-change-me';
/** The courier simulator (npm run courier:sim) uses the same development defaults. */
export const DEVELOPMENT_COURIER_API_KEY = 'dev-courier-api-key';
export const DEVELOPMENT_COURIER_WEBHOOK_SECRET = 'dev-courier-webhook-secret';
/** The payment-gateway simulator (npm run payments:sim) uses the same development defaults. */
export const DEVELOPMENT_PAYMENTS_SECRET_KEY = 'xnd_development_gelombang_secret_key';
export const DEVELOPMENT_PAYMENTS_CALLBACK_TOKEN = 'dev-xendit-callback-token';
/** The messaging simulator (npm run messaging:sim) uses the same development defaults. */
export const DEVELOPMENT_WHATSAPP_TOKEN = 'dev-whatsapp-token';
export const DEVELOPMENT_WHATSAPP_APP_SECRET = 'dev-whatsapp-app-secret';

/**
 * The settings that still hold a value published in this source code. Such a value protects
 * nothing, so a process listening beyond loopback refuses to start with one, unless the operator
 * said NODE_ENV=development explicitly (raw is the environment as given, before defaults).
 */
export function publicSecretsInUse(env: Environment, raw: Record<string, unknown>): string[] {
  if (raw.NODE_ENV === NodeEnv.Development || isLoopback(env.HOST)) return [];
  const known: [keyof Environment, string][] = [
    ['JWT_SECRET', DEVELOPMENT_JWT_SECRET],
    ['COURIER_API_KEY', DEVELOPMENT_COURIER_API_KEY],
    ['COURIER_WEBHOOK_SECRET', DEVELOPMENT_COURIER_WEBHOOK_SECRET],
    ...(env.PAYMENTS_DRIVER === 'off'
      ? []
      : ([
          ['PAYMENTS_SECRET_KEY', DEVELOPMENT_PAYMENTS_SECRET_KEY],
          ['PAYMENTS_CALLBACK_TOKEN', DEVELOPMENT_PAYMENTS_CALLBACK_TOKEN],
        ] as [keyof Environment, string][])),
    ...(env.WHATSAPP_DRIVER === 'cloud'
      ? ([['WHATSAPP_APP_SECRET', DEVELOPMENT_WHATSAPP_APP_SECRET]] as [keyof Environment, string][])
      : []),
  ];
  return known.filter(([name, value]) => env[name] === value).map(([name]) => name);
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const withDefaults = { ...raw };
  if (!withDefaults.JWT_SECRET && raw.NODE_ENV !== NodeEnv.Production) {
    withDefaults.JWT_SECRET = DEVELOPMENT_JWT_SECRET;
  }
  if (raw.NODE_ENV !== NodeEnv.Production) {
    withDefaults.COURIER_API_KEY ||= DEVELOPMENT_COURIER_API_KEY;
    withDefaults.COURIER_WEBHOOK_SECRET ||= DEVELOPMENT_COURIER_WEBHOOK_SECRET;
  }
  // Real money needs a deliberate choice of gateway (and its secrets) wherever others can reach the service.
  if (
    !raw.PAYMENTS_DRIVER &&
    raw.NODE_ENV !== NodeEnv.Development &&
    raw.NODE_ENV !== NodeEnv.Test &&
    !isLoopback(typeof raw.HOST === 'string' ? raw.HOST : new Environment().HOST)
  ) {
    withDefaults.PAYMENTS_DRIVER = 'off';
  }
  const env = plainToInstance(Environment, withDefaults, { enableImplicitConversion: false });
  const errors = validateSync(env, { skipMissingProperties: false, whitelist: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => `  - ${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return env;
}
