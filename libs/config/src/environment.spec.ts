import { ConfigurationError, validateEnvironment } from './environment.js';

const valid = {
  MONGODB_URI: 'mongodb://127.0.0.1:27017',
  REDIS_URL: 'redis://127.0.0.1:6379',
  JWT_SECRET: 'x'.repeat(32),
};

function problemsOf(raw: Record<string, unknown>): string[] {
  try {
    validateEnvironment(raw);
    return [];
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
}

describe('validateEnvironment', () => {
  it('applies defaults and converts numbers', () => {
    const env = validateEnvironment({ ...valid, PORT: '4000' });
    expect(env).toMatchObject({ PORT: 4000, NODE_ENV: 'development', LOG_LEVEL: 'info', BODY_LIMIT: '1mb' });
  });

  it('listens for SMTP with ten connections per address and keeps blobs under .local/storage unless told otherwise', () => {
    expect(validateEnvironment(valid)).toMatchObject({
      SMTP_ENABLED: 'true',
      SMTP_MAX_CONNECTIONS_PER_IP: 10,
      STORAGE_DIR: '.local/storage',
    });
    expect(validateEnvironment({ ...valid, SMTP_ENABLED: 'false', SMTP_MAX_CONNECTIONS_PER_IP: '2' })).toMatchObject({
      SMTP_ENABLED: 'false',
      SMTP_MAX_CONNECTIONS_PER_IP: 2,
    });
  });

  it('points replies at the real providers unless told otherwise, and at a local stand-in when told', () => {
    expect(validateEnvironment(valid)).toMatchObject({
      WHATSAPP_API_URL: 'https://graph.facebook.com',
      TWILIO_API_URL: 'https://api.twilio.com',
      MAILGUN_API_URL: 'https://api.mailgun.net',
    });
    expect(validateEnvironment({ ...valid, WHATSAPP_API_URL: 'http://127.0.0.1:4010' }).WHATSAPP_API_URL).toBe(
      'http://127.0.0.1:4010',
    );
  });

  it('takes DNS servers as IP addresses with optional ports', () => {
    expect(validateEnvironment({ ...valid, DNS_SERVERS: '127.0.0.1:53, [::1]:5353' }).DNS_SERVERS).toBe(
      '127.0.0.1:53, [::1]:5353',
    );
  });

  it.each([
    ['PORT', 'not-a-number', /PORT/],
    ['PORT', '70000', /PORT/],
    ['MONGODB_URI', 'postgres://x', /MONGODB_URI must start with mongodb/],
    ['REDIS_URL', 'http://x', /REDIS_URL must start with redis/],
    ['JWT_SECRET', 'short', /JWT_SECRET must be at least 32 characters/],
    ['DNS_SERVERS', 'dns.example.com', /DNS_SERVERS must be IP addresses/],
    ['DNS_SERVERS', '127.0.0.1; rm -rf /', /DNS_SERVERS must be IP addresses/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL/],
    ['NODE_ENV', 'staging', /NODE_ENV/],
    ['PUBLIC_URL', 'not a url', /PUBLIC_URL/],
    ['BODY_LIMIT', 'huge', /BODY_LIMIT/],
    ['WHATSAPP_API_URL', 'graph.facebook.com', /WHATSAPP_API_URL/],
    ['WHATSAPP_API_VERSION', 'v21', /WHATSAPP_API_VERSION must look like 21.0/],
    ['TWILIO_API_URL', 'twilio', /TWILIO_API_URL/],
    ['MAILGUN_API_URL', 'api.mailgun.net', /MAILGUN_API_URL/],
    ['SMTP_ENABLED', 'yes', /SMTP_ENABLED/],
    ['SMTP_MAX_CONNECTIONS_PER_IP', '0', /SMTP_MAX_CONNECTIONS_PER_IP/],
  ])('reports %s=%s', (name, value, message) => {
    const problems = problemsOf({ ...valid, [name]: value });
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
    expect(problems.every((problem) => problem.startsWith(name))).toBe(true);
  });

  it('lists every problem at once, including missing required variables', () => {
    const problems = problemsOf({ PORT: 'abc' });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PORT/),
        expect.stringMatching(/^MONGODB_URI/),
        expect.stringMatching(/^REDIS_URL/),
        expect.stringMatching(/^JWT_SECRET/),
      ]),
    );
    expect(new ConfigurationError(problems).message).toContain('Invalid configuration:\n  - ');
  });
});
