import { runAppProcess, testEnvironment } from '@app/testing';

describe('configuration', () => {
  it.each(['api', 'worker'] as const)(
    '%s refuses to start with bad configuration and lists every problem',
    async (app) => {
      const result = await runAppProcess(app, [], {
        ...testEnvironment(),
        PORT: 'eighty',
        REDIS_URL: 'http://not-redis',
        JWT_SECRET: 'short',
      });
      expect(result.code).toBe(1);
      expect(result.output).toContain(`${app} failed to start: Invalid configuration:`);
      expect(result.output).toMatch(/- PORT must be an integer number/);
      expect(result.output).toMatch(/- REDIS_URL must start with redis:\/\/ or rediss:\/\//);
      expect(result.output).toMatch(/- JWT_SECRET must be at least 32 characters/);
    },
  );
});
