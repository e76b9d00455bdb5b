export { ProblemDetailsFilter, toProblem, type DomainProblem } from './problem-details.filter.js';
export { notFound, ProblemException, type ProblemBody } from './problem.exception.js';
export { createValidationPipe, trimmed } from './validation.pipe.js';
export {
  IsUniqueIdentifierType,
  UNIQUE_IDENTIFIER_TYPE,
  UNIQUE_IDENTIFIER_TYPE_PATTERN,
} from './unique-identifier-type.js';
