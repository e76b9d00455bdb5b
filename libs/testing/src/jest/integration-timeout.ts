import { jest } from '@jest/globals';

// A per-project `testTimeout` is not honoured by Jest 30; tests and hooks against real services get this budget.
jest.setTimeout(30_000);
