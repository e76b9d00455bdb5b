import { ProblemException } from '@app/http';

export const invalidSignature = (): ProblemException =>
  new ProblemException(401, 'invalid_signature', 'The request signature is missing or does not match');
