export { ProblemDetailsFilter, toProblem, type DomainProblem } from './problem-details.filter.js';
export { notFound, ProblemException, type ProblemBody } from './problem.exception.js';
export { createValidationPipe } from './validation.pipe.js';
