import { clientAddress, ConnectionsPerAddress } from './connections-per-address.js';

describe('clientAddress', () => {
  it.each([
    ['192.0.2.1', '192.0.2.1'],
    ['::ffff:192.0.2.1', '192.0.2.1'],
    ['::FFFF:192.0.2.1', '192.0.2.1'],
    ['2001:DB8::1', '2001:db8::1'],
    ['::ffff:1', '::ffff:1'],
  ])('%s is the client %s', (remote, expected) => {
    expect(clientAddress(remote)).toBe(expected);
  });
});

describe('ConnectionsPerAddress', () => {
  it.each([
    // [limit, connections opened (in order), answers]
    [2, ['a', 'a', 'a'], [true, true, false]],
    [2, ['a', 'a', 'b', 'b', 'b'], [true, true, true, true, false]],
    [1, ['192.0.2.1', '::ffff:192.0.2.1'], [true, false]],
    [3, ['a', 'b', 'a', 'b', 'a', 'a'], [true, true, true, true, true, false]],
  ])('with a limit of %i, opening %j answers %j', (limit, addresses, answers) => {
    const connections = new ConnectionsPerAddress(limit);
    expect(addresses.map((address) => connections.admit(address))).toEqual(answers);
  });

  it('admits again once a connection of the address closed', () => {
    const connections = new ConnectionsPerAddress(2);
    connections.admit('a');
    connections.admit('a');
    expect(connections.admit('a')).toBe(false);
    connections.release('a');
    expect(connections.held('a')).toBe(1);
    expect(connections.admit('a')).toBe(true);
    expect(connections.admit('a')).toBe(false);
  });

  it('forgets an address whose connections all closed, and never counts below nothing', () => {
    const connections = new ConnectionsPerAddress(1);
    connections.admit('a');
    connections.release('a');
    connections.release('a');
    expect(connections.held('a')).toBe(0);
    expect(connections.admit('a')).toBe(true);
  });
});
