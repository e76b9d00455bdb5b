import { parseCliArguments, UsageError } from './cli-arguments.js';

describe('parseCliArguments', () => {
  it('parses matching:backfill-keys', () => {
    expect(parseCliArguments(['matching:backfill-keys'])).toEqual({ name: 'matching:backfill-keys' });
  });

  it('parses demo:seed', () => {
    expect(parseCliArguments(['demo:seed'])).toEqual({ name: 'demo:seed' });
  });

  it('parses tenant:create', () => {
    const args = [
      'tenant:create',
      '--name',
      'Acme',
      '--admin-email',
      'Root@Acme.Example',
      '--admin-password',
      'long-enough-pw',
    ];
    expect(parseCliArguments(args)).toEqual({
      name: 'tenant:create',
      tenantName: 'Acme',
      adminEmail: 'root@acme.example',
      adminPassword: 'long-enough-pw',
      adminName: undefined,
    });
  });

  it.each([
    [[], /no command/],
    [['tenant:drop'], /unknown command/],
    [['tenant:create', '--name', 'Acme'], /missing --admin-email, --admin-password/],
    [['tenant:create', '--name', 'A', '--admin-email', 'a@b.c', '--admin-password', 'short'], /10 characters/],
    [['demo:seed', '--force'], /takes no options/],
    [['matching:backfill-keys', '--all'], /takes no options/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCliArguments(argv)).toThrow(UsageError);
    expect(() => parseCliArguments(argv)).toThrow(message);
  });

  it('refuses unknown options', () => {
    expect(() => parseCliArguments(['tenant:create', '--nme', 'x'])).toThrow();
  });
});
