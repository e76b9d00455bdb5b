import { jest } from '@jest/globals';

// A per-project `testTimeout` is not honoured by Jest 30; processes starting and talking to each other get this.
jest.setTimeout(60_000);
