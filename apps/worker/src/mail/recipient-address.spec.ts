import { describe, expect, it } from '@jest/globals';
import { recipientCandidates } from './recipient-address.js';

describe('recipientCandidates', () => {
  it.each([
    ['support@acme.example', ['support@acme.example']],
    ['Support@ACME.Example', ['support@acme.example']],
    [' support@acme.example ', ['support@acme.example']],
    ['support+t0k3n@acme.example', ['support+t0k3n@acme.example', 'support@acme.example']],
    ['Support+A+B@Acme.Example', ['support+a+b@acme.example', 'support@acme.example']],
    ['"odd@local"@acme.example', ['"odd@local"@acme.example']],
    ['no-at-sign', []],
    ['@acme.example', []],
    ['support@', []],
  ])('%s → %j', (recipient, candidates) => {
    expect(recipientCandidates(recipient)).toEqual(candidates);
  });
});
