/** Machine-readable error codes: part of the public API contract. */
export enum ErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  TooManyRequests = 'TOO_MANY_REQUESTS',
  InternalError = 'INTERNAL_ERROR',
  WaveNotOpen = 'WAVE_NOT_OPEN',
  CapacityExceeded = 'CAPACITY_EXCEEDED',
  CapacityUnavailable = 'CAPACITY_UNAVAILABLE',
  WaveNotDraft = 'WAVE_NOT_DRAFT',
  BuyerLimitExceeded = 'BUYER_LIMIT_EXCEEDED',
  DuplicateNip = 'DUPLICATE_NIP',
  DuplicateUsername = 'DUPLICATE_USERNAME',
  InvalidTransition = 'INVALID_TRANSITION',
  IdempotencyKeyReused = 'IDEMPOTENCY_KEY_REUSED',
  RequestInFlight = 'REQUEST_IN_FLIGHT',
  AgencyNotEligible = 'AGENCY_NOT_ELIGIBLE',
  AlreadyPaid = 'ALREADY_PAID',
  AmountMismatch = 'AMOUNT_MISMATCH',
  PaymentDeadlinePassed = 'PAYMENT_DEADLINE_PASSED',
  PickupCodeMismatch = 'PICKUP_CODE_MISMATCH',
  GoodsNotReceived = 'GOODS_NOT_RECEIVED',
  CashNotHeld = 'CASH_NOT_HELD',
  /** A refund paid out at the desk on an order that owes nothing back. */
  NoRefundOwed = 'NO_REFUND_OWED',
  /** Packs moved to another point must be surplus: not needed by the point's own standing orders. */
  StockNotSurplus = 'STOCK_NOT_SURPLUS',
  PackTooHeavy = 'PACK_TOO_HEAVY',
  AlreadyBooked = 'ALREADY_BOOKED',
  WebhookSignatureInvalid = 'WEBHOOK_SIGNATURE_INVALID',
  WebhookReplayed = 'WEBHOOK_REPLAYED',
  ShortfallTooLate = 'SHORTFALL_TOO_LATE',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  PaymentGatewayUnavailable = 'PAYMENT_GATEWAY_UNAVAILABLE',
  VoucherNotEligible = 'VOUCHER_NOT_ELIGIBLE',
  VoucherNotValid = 'VOUCHER_NOT_VALID',
  VoucherAlreadySpent = 'VOUCHER_ALREADY_SPENT',
  /** Only an unpaid order of a wave still taking orders can change its point or how it is received. */
  OrderNotChangeable = 'ORDER_NOT_CHANGEABLE',
}

export class DomainError extends Error {
  /** The HTTP status is not the domain's business: the exception filter maps each code to one. */
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static notFound(what: string): DomainError {
    return new DomainError(ErrorCode.NotFound, `${what} not found`);
  }

  static forbidden(message = 'You may not do this'): DomainError {
    return new DomainError(ErrorCode.Forbidden, message);
  }

  static invalidTransition(message: string): DomainError {
    return new DomainError(ErrorCode.InvalidTransition, message);
  }

  static validation(field: string, message: string): DomainError {
    return new DomainError(ErrorCode.ValidationFailed, message, [{ field, messages: [message] }]);
  }
}
