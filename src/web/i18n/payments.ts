import type { Messages } from './catalogue';

/** Paying from the phone (QRIS) and programme vouchers on the buyer's order page. */
export const paymentMessages = {
  'buyer.pay.qris': { id: 'Bayar dengan QRIS', en: 'Bayar dengan QRIS' },
  'buyer.pay.qrisHint': {
    id: 'Pindai kode QRIS dengan aplikasi bank atau dompet digital apa pun, atau bayar kepada petugas titik.',
    en: 'Scan the QRIS code with any bank or e-wallet app, or pay the point officer.',
  },
  'buyer.pay.qrAlt': { id: 'Kode QRIS untuk membayar {amount}', en: 'QRIS code to pay {amount}' },
  'buyer.pay.amount': { id: 'Jumlah yang dibayar', en: 'Amount to pay' },
  'buyer.pay.expires': { id: 'Berlaku sampai {time}', en: 'Valid until {time}' },
  'buyer.pay.waiting': {
    id: 'Menunggu pembayaran. Halaman ini diperbarui sendiri setelah pembayaran diterima.',
    en: 'Waiting for the payment. This page updates by itself once it is received.',
  },
  'buyer.pay.check': { id: 'Periksa status pembayaran', en: 'Check the payment status' },
  'buyer.pay.paid': { id: 'Pembayaran diterima. Terima kasih!', en: 'Payment received. Thank you!' },
  'buyer.pay.unavailable': {
    id: 'Layanan QRIS sedang tidak dapat dihubungi. Coba lagi sebentar lagi atau bayar di titik kumpul.',
    en: 'The QRIS service cannot be reached right now. Try again shortly or pay at the dropping point.',
  },
  'buyer.pay.deadlinePassed': { id: 'Batas waktu pembayaran gelombang ini sudah lewat.', en: "The wave's payment deadline has passed." },
  'buyer.pay.alreadyPaid': { id: 'Pesanan ini sudah dibayar.', en: 'This order has already been paid.' },
  'buyer.pay.notPayable': { id: 'Pesanan ini tidak dapat dibayar lagi.', en: 'This order can no longer be paid.' },
} satisfies Messages;
