import { describe, expect, it } from '@jest/globals';
import { isPublicAddress, publicOnlyLookup, RefusedAddressError, refusedUrl } from './address-guard.js';
import { postJson } from './post-json.js';

describe('isPublicAddress', () => {
  it.each([
    ['93.184.216.34', true],
    ['8.8.8.8', true],
    ['2606:4700:4700::1111', true],
    ['127.0.0.1', false],
    ['10.1.2.3', false],
    ['172.16.0.1', false],
    ['192.168.1.1', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['224.0.0.1', false],
    ['255.255.255.255', false],
    ['::1', false],
    ['::', false],
    ['fe80::1', false],
    ['fd00:ec2::254', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:10.0.0.1', false],
    ['::ffff:93.184.216.34', true],
    ['not an address', false],
  ])('%s → %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});

describe('refusedUrl', () => {
  const resolvesTo =
    (...addresses: string[]) =>
    async () =>
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

  it.each([
    ['https://hooks.example.com/x', resolvesTo('93.184.216.34'), undefined],
    [
      'https://internal.example.com/x',
      resolvesTo('93.184.216.34', '10.0.0.7'),
      'internal.example.com resolves to 10.0.0.7, a private or reserved address',
    ],
    ['http://127.0.0.1:8080/', resolvesTo(), '127.0.0.1 resolves to 127.0.0.1, a private or reserved address'],
    ['http://[::1]/', resolvesTo(), '::1 resolves to ::1, a private or reserved address'],
    [
      'http://169.254.169.254/latest/meta-data',
      resolvesTo(),
      '169.254.169.254 resolves to 169.254.169.254, a private or reserved address',
    ],
    ['http://localhost/', resolvesTo('127.0.0.1'), 'localhost resolves to 127.0.0.1, a private or reserved address'],
    ['ftp://hooks.example.com/', resolvesTo('93.184.216.34'), 'only http and https URLs'],
    [
      'https://user:pw@hooks.example.com/',
      resolvesTo('93.184.216.34'),
      'credentials do not belong in the URL; sign with the secret',
    ],
    ['nonsense', resolvesTo(), 'not a URL'],
  ])('%s → %s', async (url, resolve, reason) => {
    expect(await refusedUrl(url, false, resolve)).toBe(reason);
  });

  it('lets private addresses through when the development setting allows them', async () => {
    expect(await refusedUrl('http://127.0.0.1:8080/', true, resolvesTo())).toBeUndefined();
  });

  it('refuses a host that does not resolve', async () => {
    const fails = async () => Promise.reject(new Error('ENOTFOUND'));
    expect(await refusedUrl('https://nowhere.invalid/', false, fails)).toBe('nowhere.invalid does not resolve');
  });
});

describe('at connection time', () => {
  it('publicOnlyLookup refuses a name resolving to a loopback address', async () => {
    const error = await new Promise<Error | null>((resolve) =>
      publicOnlyLookup('localhost', {}, (failure) => resolve(failure)),
    );
    expect(error).toBeInstanceOf(RefusedAddressError);
  });

  it('postJson refuses a private address literal without connecting', async () => {
    await expect(
      postJson('http://127.0.0.1:9/hooks', '{}', {}, { allowPrivate: false, timeoutMs: 1000 }),
    ).rejects.toBeInstanceOf(RefusedAddressError);
  });
});
