import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ProblemException, ProblemFieldError } from './problem';

const flatten = (errors: ValidationError[], prefix = ''): ProblemFieldError[] =>
  errors.flatMap((e) => {
    const veld = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((melding) => ({ veld, melding: e.constraints?.whitelistValidation ? `${veld} is geen bekend veld` : melding }));
    return [...own, ...flatten(e.children ?? [], veld)];
  });

/** Rejects unknown properties and reports every field error in one 400 problem. */
export const validationPipe = () =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fouten = flatten(errors);
      return new ProblemException(400, 'ongeldige-invoer', 'De invoer is niet geldig',
        fouten.map((f) => f.melding).join('; ') || 'De invoer is niet geldig.', { fouten });
    },
  });
