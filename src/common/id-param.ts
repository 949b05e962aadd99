import { Param, ParseUUIDPipe } from '@nestjs/common';
import { DomainError } from './domain-error';

/** A route parameter that must be a UUID; anything else is a 400 naming the parameter. */
export const IdParam = (name = 'id') =>
  Param(name, new ParseUUIDPipe({ exceptionFactory: () => DomainError.validation(name, `${name} must be a UUID`) }));
