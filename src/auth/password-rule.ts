import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { COMMON_PASSWORDS } from './common-passwords';

/**
 * What is wrong with a password, or null (issue 16, finding 9; NIST SP 800-63B, 5.1.1.2: refuse
 * passwords from breach lists and from the context). `identifiers` are what a guesser knows about
 * the account: a buyer's NIP, a staff username.
 *  - one of the most common passwords (any case), or one character repeated;
 *  - equal to an identifier, or an identifier with only digits and symbols around it
 *    ("Petugas.Kemenkop2026!");
 *  - containing a NIP (18 digits, printed on staff cards and letters).
 */
export function passwordProblem(password: string, identifiers: (string | undefined)[]): string | null {
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower) || /^(.)\1*$/u.test(password)) return 'password is one of the most common passwords';
  for (const identifier of identifiers) {
    const known = identifier?.trim().toLowerCase();
    if (!known || known.length < 3) continue;
    if (/^\d{18}$/.test(known) && lower.includes(known)) return 'password must not contain the NIP';
    if (lower.includes(known) && !/\p{L}/u.test(lower.split(known).join(''))) return 'password must not be the NIP or the username';
  }
  return null;
}

/** The password rule on a DTO: `identifierFields` name the properties holding the account's NIP or username. */
export function IsAcceptablePassword(identifierFields: string[], options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isAcceptablePassword',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          if (typeof value !== 'string') return true;
          const object = args.object as Record<string, unknown>;
          const ids = identifierFields.map((field) => (typeof object[field] === 'string' ? object[field] : undefined));
          return passwordProblem(value, ids) === null;
        },
        defaultMessage(args: ValidationArguments) {
          const object = args.object as Record<string, unknown>;
          const ids = identifierFields.map((field) => (typeof object[field] === 'string' ? object[field] : undefined));
          return passwordProblem(String(args.value), ids) ?? 'password is not acceptable';
        },
      },
    });
}
