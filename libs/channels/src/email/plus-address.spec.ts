import { plusAddressToken, withoutPlusAddress } from './plus-address.js';

describe('plusAddressToken', () => {
  it.each([
    ['support+abc123@x.com', 'abc123'],
    ['Support+AbC123@X.com', 'AbC123'],
    ['support+a+b@x.com', 'a+b'],
    ['support+abc-123_x.y@x.com', 'abc-123_x.y'],
  ])('%s → %s', (address, token) => {
    expect(plusAddressToken(address)).toBe(token);
  });

  it.each(['support@x.com', 'support+@x.com', 'support+abc', '+abc', '', 'support@plus+domain.com'])(
    'none in %j',
    (address) => {
      expect(plusAddressToken(address)).toBeUndefined();
    },
  );
});

describe('withoutPlusAddress', () => {
  it.each([
    ['support+abc123@x.com', 'support@x.com'],
    ['Support+AbC123@X.com', 'Support@X.com'],
    ['support+a+b@x.com', 'support@x.com'],
    ['support+@x.com', 'support@x.com'],
    ['support@x.com', 'support@x.com'],
    ['support@plus+domain.com', 'support@plus+domain.com'],
    ['"odd@local"@x.com', '"odd@local"@x.com'],
    ['support+abc', 'support+abc'],
    ['', ''],
  ])('%s → %s', (address, base) => {
    expect(withoutPlusAddress(address)).toBe(base);
  });
});
