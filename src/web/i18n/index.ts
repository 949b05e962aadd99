import { adminMessages } from './admin';
import { buyerMessages } from './buyer';
import { commonMessages } from './common';
import { deskMessages } from './desk';
import { koperasiMessages } from './koperasi';
import { paymentMessages } from './payments';
import type { Messages } from './catalogue';

/** Every area's texts; an area adds its file here with one line. Keys are prefixed by area, so they cannot clash. */
export const MESSAGES: Messages = {
  ...commonMessages,
  ...buyerMessages,
  ...deskMessages,
  ...koperasiMessages,
  ...adminMessages,
  ...paymentMessages,
};

export * from './catalogue';
