import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ProblemException } from './problem.exception.js';

function flatten(errors: ValidationError[], parent = ''): { field: string; messages: string[] }[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** For `@Transform(trimmed)`: strings lose their surrounding blanks before they are validated; anything else is kept. */
export const trimmed = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

/** Validation at the edge: unknown fields are refused, values converted, failures reported per field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) =>
      new ProblemException(400, 'validation_failed', 'The request is not valid', { errors: flatten(errors) }),
  });
}
