/**
 * Message texts, Bahasa Indonesia first, English where the person chose it. For WhatsApp each kind
 * is an approved utility template (name below, language `id` or `en`) whose body parameters are
 * `fields` in order; SMS and email send the same text rendered here, so what the person sees on any
 * channel is the text stored on the notification row. Parameters are the recipient's own data only.
 */
export type Language = 'id' | 'en';

export type NotificationKind =
  | 'otp'
  | 'wave_opened'
  | 'order_placed'
  | 'order_paid'
  | 'order_cancelled'
  | 'goods_arrived'
  | 'order_handed_over'
  | 'trip_booked'
  | 'trip_delivered'
  | 'trip_failed'
  | 'purchase_order_issued'
  | 'wave_announced'
  | 'wave_opening_soon'
  | 'wave_closing_24h'
  | 'wave_closing_4h'
  | 'payment_due_tomorrow'
  | 'hand_out_reminder'
  | 'order_shortfall'
  | 'shipment_on_the_way'
  | 'officer_trip_failed'
  | 'purchase_order_amended';

/** Kinds a person may turn off, and which wait for morning in quiet hours (all go out through a fan-out). */
export const ANNOUNCEMENT_KINDS: readonly NotificationKind[] = [
  'wave_announced',
  'wave_opening_soon',
  'wave_opened',
  'wave_closing_24h',
  'wave_closing_4h',
];

/** Announcements that go only to the eligible buyers who have no live order in the wave yet. */
export const NOT_ORDERED_KINDS: readonly NotificationKind[] = ['wave_closing_24h', 'wave_closing_4h'];

interface Template {
  fields: readonly string[];
  subject: Record<Language, string>;
  text: Record<Language, (p: Record<string, string>) => string>;
}

const TEMPLATES: Record<NotificationKind, Template> = {
  otp: {
    fields: ['code'],
    subject: { id: 'Kode verifikasi Gelombang', en: 'Gelombang verification code' },
    text: {
      id: (p) => `Kode verifikasi Gelombang Anda: ${p.code}. Berlaku 10 menit. Jangan berikan kode ini kepada siapa pun.`,
      en: (p) => `Your Gelombang verification code: ${p.code}. Valid for 10 minutes. Do not share this code with anyone.`,
    },
  },
  wave_opened: {
    fields: ['name', 'waveName', 'closesAt', 'link', 'unsubscribeLink'],
    subject: { id: 'Gelombang pemesanan dibuka', en: 'An ordering wave is open' },
    text: {
      id: (p) =>
        `Halo ${p.name}, ${p.waveName} sudah dibuka untuk pemesanan sampai ${p.closesAt}. Pesan di ${p.link}. Berhenti menerima pengumuman: ${p.unsubscribeLink}`,
      en: (p) =>
        `Hello ${p.name}, ${p.waveName} is open for orders until ${p.closesAt}. Order at ${p.link}. Stop announcements: ${p.unsubscribeLink}`,
    },
  },
  order_placed: {
    fields: ['name', 'waveName', 'pickupCode', 'amount', 'paymentDeadline', 'link'],
    subject: { id: 'Pesanan Anda diterima', en: 'Your order is placed' },
    text: {
      id: (p) =>
        `Halo ${p.name}, pesanan ${p.waveName} Anda diterima. Kode ambil: ${p.pickupCode}. Total ${p.amount}, bayar paling lambat ${p.paymentDeadline}. Lihat pesanan: ${p.link}`,
      en: (p) =>
        `Hello ${p.name}, your ${p.waveName} order is placed. Pickup code: ${p.pickupCode}. Total ${p.amount}, pay by ${p.paymentDeadline}. Your order: ${p.link}`,
    },
  },
  order_paid: {
    fields: ['name', 'pickupCode', 'amount', 'link'],
    subject: { id: 'Pembayaran diterima', en: 'Payment received' },
    text: {
      id: (p) => `Halo ${p.name}, pembayaran ${p.amount} untuk pesanan ${p.pickupCode} sudah kami terima. Lihat pesanan: ${p.link}`,
      en: (p) => `Hello ${p.name}, we received your payment of ${p.amount} for order ${p.pickupCode}. Your order: ${p.link}`,
    },
  },
  order_cancelled: {
    fields: ['name', 'pickupCode', 'reason', 'link'],
    subject: { id: 'Pesanan dibatalkan', en: 'Order cancelled' },
    text: {
      id: (p) => `Halo ${p.name}, pesanan ${p.pickupCode} dibatalkan: ${p.reason}. Lihat pesanan: ${p.link}`,
      en: (p) => `Hello ${p.name}, order ${p.pickupCode} was cancelled: ${p.reason}. Your order: ${p.link}`,
    },
  },
  goods_arrived: {
    fields: ['name', 'pickupCode', 'point', 'handOutDate', 'openingHours', 'link'],
    subject: { id: 'Barang sudah tiba di titik kumpul', en: 'Your goods have arrived' },
    text: {
      id: (p) =>
        `Halo ${p.name}, barang pesanan ${p.pickupCode} sudah tiba di ${p.point}. Ambil pada ${p.handOutDate}, jam buka: ${p.openingHours}; bawa kode ambil ${p.pickupCode} dan kartu pegawai. Lihat pesanan: ${p.link}`,
      en: (p) =>
        `Hello ${p.name}, the goods of order ${p.pickupCode} have arrived at ${p.point}. Collect them on ${p.handOutDate}, opening hours: ${p.openingHours}; bring pickup code ${p.pickupCode} and your staff card. Your order: ${p.link}`,
    },
  },
  order_handed_over: {
    fields: ['name', 'pickupCode'],
    subject: { id: 'Pesanan sudah diserahkan', en: 'Order handed over' },
    text: {
      id: (p) => `Halo ${p.name}, pesanan ${p.pickupCode} sudah diserahkan. Terima kasih telah berbelanja di koperasi.`,
      en: (p) => `Hello ${p.name}, order ${p.pickupCode} has been handed over. Thank you for buying from the cooperative.`,
    },
  },
  trip_booked: {
    fields: ['name', 'pickupCode', 'trackingLink'],
    subject: { id: 'Kurir sudah dipesan', en: 'Courier booked' },
    text: {
      id: (p) => `Halo ${p.name}, kurir untuk pesanan ${p.pickupCode} sudah dipesan. Lacak pengiriman: ${p.trackingLink}`,
      en: (p) => `Hello ${p.name}, a courier is booked for order ${p.pickupCode}. Track it: ${p.trackingLink}`,
    },
  },
  trip_delivered: {
    fields: ['name', 'pickupCode'],
    subject: { id: 'Pesanan sudah diantar', en: 'Order delivered' },
    text: {
      id: (p) => `Halo ${p.name}, pesanan ${p.pickupCode} sudah diantar ke alamat Anda.`,
      en: (p) => `Hello ${p.name}, order ${p.pickupCode} has been delivered to your address.`,
    },
  },
  trip_failed: {
    fields: ['name', 'pickupCode', 'link'],
    subject: { id: 'Pengiriman gagal', en: 'Delivery failed' },
    text: {
      id: (p) =>
        `Halo ${p.name}, pengiriman pesanan ${p.pickupCode} gagal. Petugas titik kumpul akan menghubungi Anda. Lihat pesanan: ${p.link}`,
      en: (p) =>
        `Hello ${p.name}, the delivery of order ${p.pickupCode} failed. The dropping-point officer will contact you. Your order: ${p.link}`,
    },
  },
  purchase_order_issued: {
    fields: ['cooperative', 'waveName', 'number', 'link'],
    subject: { id: 'Surat pesanan baru', en: 'New purchase order' },
    text: {
      id: (p) => `Yth. ${p.cooperative}, surat pesanan ${p.number} untuk ${p.waveName} sudah terbit. Unduh: ${p.link}`,
      en: (p) => `Dear ${p.cooperative}, purchase order ${p.number} for ${p.waveName} is issued. Download: ${p.link}`,
    },
  },
  wave_announced: {
    fields: ['name', 'waveName', 'opensAt', 'closesAt', 'link', 'unsubscribeLink'],
    subject: { id: 'Gelombang pemesanan baru', en: 'A new ordering wave' },
    text: {
      id: (p) =>
        `Halo ${p.name}, ${p.waveName} akan dibuka ${p.opensAt} sampai ${p.closesAt}. Lihat di ${p.link}. Berhenti menerima pengumuman: ${p.unsubscribeLink}`,
      en: (p) =>
        `Hello ${p.name}, ${p.waveName} opens ${p.opensAt} until ${p.closesAt}. See ${p.link}. Stop announcements: ${p.unsubscribeLink}`,
    },
  },
  wave_opening_soon: {
    fields: ['name', 'waveName', 'opensAt', 'link', 'unsubscribeLink'],
    subject: { id: 'Gelombang dibuka satu jam lagi', en: 'A wave opens in one hour' },
    text: {
      id: (p) =>
        `Halo ${p.name}, ${p.waveName} dibuka satu jam lagi, ${p.opensAt}. Pesan di ${p.link}. Berhenti menerima pengumuman: ${p.unsubscribeLink}`,
      en: (p) =>
        `Hello ${p.name}, ${p.waveName} opens in one hour, ${p.opensAt}. Order at ${p.link}. Stop announcements: ${p.unsubscribeLink}`,
    },
  },
  wave_closing_24h: {
    fields: ['name', 'waveName', 'closesAt', 'link', 'unsubscribeLink'],
    subject: { id: 'Gelombang ditutup besok', en: 'A wave closes tomorrow' },
    text: {
      id: (p) =>
        `Halo ${p.name}, ${p.waveName} ditutup dalam 24 jam, ${p.closesAt}, dan Anda belum memesan. Pesan di ${p.link}. Berhenti menerima pengumuman: ${p.unsubscribeLink}`,
      en: (p) =>
        `Hello ${p.name}, ${p.waveName} closes within 24 hours, ${p.closesAt}, and you have not ordered yet. Order at ${p.link}. Stop announcements: ${p.unsubscribeLink}`,
    },
  },
  wave_closing_4h: {
    fields: ['name', 'waveName', 'closesAt', 'link', 'unsubscribeLink'],
    subject: { id: 'Gelombang ditutup 4 jam lagi', en: 'A wave closes in 4 hours' },
    text: {
      id: (p) =>
        `Halo ${p.name}, ${p.waveName} ditutup 4 jam lagi, ${p.closesAt}, dan Anda belum memesan. Pesan di ${p.link}. Berhenti menerima pengumuman: ${p.unsubscribeLink}`,
      en: (p) =>
        `Hello ${p.name}, ${p.waveName} closes in 4 hours, ${p.closesAt}, and you have not ordered yet. Order at ${p.link}. Stop announcements: ${p.unsubscribeLink}`,
    },
  },
  payment_due_tomorrow: {
    fields: ['name', 'pickupCode', 'amount', 'paymentDeadline', 'link'],
    subject: { id: 'Batas pembayaran besok', en: 'Payment due tomorrow' },
    text: {
      id: (p) =>
        `Halo ${p.name}, pesanan ${p.pickupCode} sebesar ${p.amount} belum dibayar. Batas pembayaran ${p.paymentDeadline}; setelah itu pesanan dibatalkan. Lihat pesanan: ${p.link}`,
      en: (p) =>
        `Hello ${p.name}, order ${p.pickupCode} of ${p.amount} is not paid yet. The payment deadline is ${p.paymentDeadline}; after it the order is cancelled. Your order: ${p.link}`,
    },
  },
  hand_out_reminder: {
    fields: ['name', 'pickupCode', 'point', 'handOutDate', 'openingHours', 'link'],
    subject: { id: 'Hari ini hari pengambilan', en: 'Today is hand-out day' },
    text: {
      id: (p) =>
        `Halo ${p.name}, hari ini ${p.handOutDate} pesanan ${p.pickupCode} dapat diambil di ${p.point} (jam buka: ${p.openingHours}). Bawa kode ambil ${p.pickupCode} dan kartu pegawai. Lihat pesanan: ${p.link}`,
      en: (p) =>
        `Hello ${p.name}, today ${p.handOutDate} order ${p.pickupCode} can be collected at ${p.point} (opening hours: ${p.openingHours}). Bring pickup code ${p.pickupCode} and your staff card. Your order: ${p.link}`,
    },
  },
  order_shortfall: {
    fields: ['name', 'pickupCode', 'cut', 'amount', 'refund', 'link'],
    subject: { id: 'Pesanan Anda dikurangi', en: 'Your order was reduced' },
    text: {
      id: (p) =>
        `Halo ${p.name}, stok koperasi tidak mencukupi: pesanan ${p.pickupCode} dikurangi ${p.cut}. Total sekarang ${p.amount}; dana yang dikembalikan ${p.refund}. Lihat pesanan: ${p.link}`,
      en: (p) =>
        `Hello ${p.name}, the cooperative is short of stock: order ${p.pickupCode} was cut by ${p.cut}. The total is now ${p.amount}; refund owed ${p.refund}. Your order: ${p.link}`,
    },
  },
  shipment_on_the_way: {
    fields: ['point', 'cooperative', 'waveName', 'packs', 'link'],
    subject: { id: 'Barang dalam perjalanan', en: 'Goods on the way' },
    text: {
      id: (p) => `Petugas ${p.point}: ${p.cooperative} mengirim barang ${p.waveName} (${p.packs}). Catat penerimaan di ${p.link}`,
      en: (p) => `Officer of ${p.point}: ${p.cooperative} shipped the goods of ${p.waveName} (${p.packs}). Record the receipt at ${p.link}`,
    },
  },
  purchase_order_amended: {
    fields: ['cooperative', 'number', 'waveName', 'orders', 'kg', 'reason', 'link'],
    subject: { id: 'Perubahan surat pesanan', en: 'Purchase order amended' },
    text: {
      id: (p) =>
        `Yth. ${p.cooperative}, surat pesanan ${p.number} (${p.waveName}) berubah: ${p.orders} pesanan dibatalkan (${p.reason}), ${p.kg} kg lebih sedikit untuk dikirim. Lihat: ${p.link}`,
      en: (p) =>
        `Dear ${p.cooperative}, purchase order ${p.number} (${p.waveName}) changed: ${p.orders} order(s) cancelled (${p.reason}), ${p.kg} kg less to deliver. See: ${p.link}`,
    },
  },
  officer_trip_failed: {
    fields: ['point', 'pickupCode', 'reason', 'link'],
    subject: { id: 'Pengiriman gagal', en: 'Delivery failed' },
    text: {
      id: (p) => `Petugas ${p.point}: pengiriman pesanan ${p.pickupCode} gagal (${p.reason}). Hubungi pembeli dan atur ulang di ${p.link}`,
      en: (p) =>
        `Officer of ${p.point}: the delivery of order ${p.pickupCode} failed (${p.reason}). Contact the buyer and rearrange at ${p.link}`,
    },
  },
};

export const KINDS = Object.keys(TEMPLATES) as NotificationKind[];

/** Why orders were cancelled (CancelReason), as the `reason` of a cancellation or amendment reads in each language. */
const CANCEL_REASONS: Record<string, Record<Language, string>> = {
  buyer: { id: 'dibatalkan atas permintaan Anda', en: 'cancelled at your request' },
  officer_non_payment: { id: 'belum dibayar (dibatalkan petugas)', en: 'not paid (cancelled by the officer)' },
  payment_deadline: { id: 'belum dibayar sampai batas waktu pembayaran', en: 'not paid by the payment deadline' },
  wave_cancelled: { id: 'gelombang dibatalkan', en: 'the wave was cancelled' },
  shortfall: { id: 'stok koperasi tidak mencukupi', en: 'the cooperative is short of stock' },
  no_show_refunded: { id: 'tidak diambil, pembayaran dikembalikan', en: 'not collected, payment refunded' },
};

/** A point that gave no opening hours: a template parameter may not be empty. */
const OPENING_HOURS_UNKNOWN: Record<Language, string> = { id: 'jam kerja kantor', en: 'office hours' };

export const openingHoursText = (hours: string | undefined, language: Language): string => hours || OPENING_HOURS_UNKNOWN[language];

/**
 * The reason of a cancellation in `language`. Rows keep the CancelReason code (`cancelReason`) so
 * that the text follows the recipient's language when it is sent; rows written before kept the
 * Bahasa text in `reason`.
 */
export function cancelReasonText(code: string, language: Language): string {
  return CANCEL_REASONS[code]?.[language] ?? code;
}

export interface Rendered {
  /** The approved WhatsApp template's name. */
  template: string;
  /** Its body parameters, in order. */
  parameters: string[];
  subject: string;
  text: string;
}

export function render(kind: NotificationKind, language: Language, params: Record<string, string>): Rendered {
  const template = TEMPLATES[kind];
  const missing = template.fields.filter((field) => params[field] === undefined);
  if (missing.length > 0) throw new Error(`Template ${kind} lacks ${missing.join(', ')}`);
  return {
    template: `gelombang_${kind}`,
    parameters: template.fields.map((field) => params[field]),
    subject: template.subject[language],
    text: template.text[language](params),
  };
}

export const isKind = (kind: string): kind is NotificationKind => kind in TEMPLATES;
