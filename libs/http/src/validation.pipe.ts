import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { MAX_REQUEST_NESTING, nestsDeeperThan } from './nesting-depth.js';
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

/** Refuses values nested too deep before class-transformer, which walks them recursively, overflows the stack. */
class ShallowValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (nestsDeeperThan(value, MAX_REQUEST_NESTING)) {
      throw new ProblemException(400, 'too_deeply_nested', `Values may nest at most ${MAX_REQUEST_NESTING} levels`);
    }
    return (await super.transform(value, metadata)) as unknown;
  }
}

/**
 * Validation at the edge: unknown fields are refused, values converted, failures reported per field; values nested
 * deeper than MAX_REQUEST_NESTING are refused as `too_deeply_nested`.
 */
export function createValidationPipe(): ValidationPipe {
  return new ShallowValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) =>
      new ProblemException(400, 'validation_failed', 'The request is not valid', { errors: flatten(errors) }),
  });
}
