'use strict';
/**
 * Vendure as a team would run it for the peer benchmark: the stock server (Nest + TypeORM +
 * GraphQL), no plugins, on the same PostgreSQL (a database of its own, schema made by TypeORM's
 * synchronize), bearer-token sessions, and one payment handler that settles at once.
 * Env: VENDURE_DATABASE_URL, VENDURE_PORT, VENDURE_POOL_SIZE.
 */
const { bootstrap, DefaultLogger, LogLevel, PaymentMethodHandler, LanguageCode } = require('@vendure/core');

const settleAtOnce = new PaymentMethodHandler({
  code: 'bench-settle',
  description: [{ languageCode: LanguageCode.en, value: 'Settles every payment at once (benchmark)' }],
  args: {},
  createPayment: (ctx, order, amount) => ({ amount, state: 'Settled', transactionId: `bench-${order.code}`, metadata: {} }),
  settlePayment: () => ({ success: true }),
});

bootstrap({
  apiOptions: { hostname: '127.0.0.1', port: Number(process.env.VENDURE_PORT), adminApiPath: 'admin-api', shopApiPath: 'shop-api' },
  authOptions: {
    tokenMethod: 'bearer',
    superadminCredentials: { identifier: 'superadmin', password: 'benchmark-superadmin' },
  },
  dbConnectionOptions: {
    type: 'postgres',
    url: process.env.VENDURE_DATABASE_URL,
    synchronize: true,
    logging: false,
    extra: { max: Number(process.env.VENDURE_POOL_SIZE) },
  },
  paymentOptions: { paymentMethodHandlers: [settleAtOnce] },
  logger: new DefaultLogger({ level: LogLevel.Warn }),
  plugins: [],
}).catch((error) => {
  console.error(error);
  process.exit(1);
});
