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
  'buyer.voucher.heading': { id: 'Voucher program', en: 'Programme voucher' },
  'buyer.voucher.code': { id: 'Kode voucher', en: 'Voucher code' },
  'buyer.voucher.apply': { id: 'Pakai voucher', en: 'Use the voucher' },
  'buyer.voucher.applied': { id: 'Voucher {code}', en: 'Voucher {code}' },
  'buyer.voucher.paidAll': { id: 'Voucher membayar seluruh pesanan.', en: 'The voucher pays the whole order.' },
  'buyer.voucher.due': { id: 'Sisa yang dibayar', en: 'Left to pay' },
  'buyer.voucher.unknown': { id: 'Kode voucher tidak dikenal. Periksa lagi kodenya.', en: 'Unknown voucher code. Check the code again.' },
  'buyer.voucher.notEligible': {
    id: 'Voucher ini bukan untuk Anda atau instansi Anda.',
    en: 'This voucher is not for you or your agency.',
  },
  'buyer.voucher.notValid': {
    id: 'Voucher ini belum berlaku atau sudah habis masa berlakunya.',
    en: 'This voucher is not valid yet or has expired.',
  },
  'buyer.voucher.spent': { id: 'Voucher ini sudah dipakai.', en: 'This voucher has already been used.' },
  'buyer.voucher.oneOnly': { id: 'Pesanan ini sudah memakai voucher lain.', en: 'This order already uses another voucher.' },
} satisfies Messages;
