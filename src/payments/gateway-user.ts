/**
 * The system account that "receives" QRIS payments made from the phone (created by the payments
 * migration, disabled, without a password): payments.received_by_id names who holds the money,
 * and for these it is the programme's gateway account, never an officer's cash box.
 */
export const GATEWAY_USER_ID = '00000000-0000-4000-8000-000000000015';
export const GATEWAY_USERNAME = 'sistem.qris';
