/**
 * The system account that "receives" an order paid entirely by a voucher (created by the vouchers
 * migration, disabled, without a password): payments.received_by_id names who holds the money,
 * and for a voucher it is the programme, never an officer's cash box.
 */
export const VOUCHER_USER_ID = '00000000-0000-4000-8000-000000000016';
export const VOUCHER_USERNAME = 'sistem.voucher';
