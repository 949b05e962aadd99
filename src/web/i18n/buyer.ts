import type { Messages } from './catalogue';

export const buyerMessages = {
  'buyer.nav.waves': { id: 'Gelombang', en: 'Waves' },
  'buyer.nav.orders': { id: 'Pesanan saya', en: 'My orders' },
} satisfies Messages;
