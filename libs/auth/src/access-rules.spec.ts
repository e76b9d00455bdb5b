import { changedStanding, changesAccess, keepsAnActiveAdmin, sessionStanding } from './access-rules.js';

describe('sessionStanding', () => {
  it.each([
    ['no such user', 0, null, 'unknown_user'],
    ['an inactive user', 0, { active: false, tokenVersion: 0 }, 'inactive'],
    ['the version the token carries', 3, { active: true, tokenVersion: 3 }, 'valid'],
    ['a version raised since', 3, { active: true, tokenVersion: 4 }, 'revoked'],
    ['a user stored before versions, token at 0', 0, { active: true }, 'valid'],
    ['a user stored before versions, token at 1', 1, { active: true }, 'revoked'],
  ] as const)('%s → %s', (_name, tokenVersion, user, expected) => {
    expect(sessionStanding(tokenVersion, user)).toBe(expected);
  });
});

const admin = { role: 'admin', active: true } as const;
const agent = { role: 'agent', active: true } as const;

describe('keepsAnActiveAdmin', () => {
  it.each([
    ['the only admin demoting themselves', 1, admin, { role: 'agent' }, false],
    ['the only admin deactivating themselves', 1, admin, { active: false }, false],
    ['one of two admins demoted', 2, admin, { role: 'supervisor' }, true],
    ['the only admin keeping the role', 1, admin, { role: 'admin' }, true],
    ['an agent deactivated beside one admin', 1, agent, { active: false }, true],
    ['an agent promoted where no admin is left', 0, agent, { role: 'admin' }, true],
    ['an inactive admin reactivated where none is left', 0, { role: 'admin', active: false }, { active: true }, true],
    ['an inactive admin demoted beside one admin', 1, { role: 'admin', active: false }, { role: 'agent' }, true],
  ] as const)('%s: %s', (_name, activeAdmins, user, change, expected) => {
    expect(keepsAnActiveAdmin(activeAdmins, user, changedStanding(user, change))).toBe(expected);
  });
});

describe('changesAccess', () => {
  it.each([
    [agent, {}, false],
    [agent, { role: 'agent' }, false],
    [agent, { role: 'supervisor' }, true],
    [agent, { active: false }, true],
    [agent, { active: true }, false],
  ] as const)('%j changed by %j: %s', (user, change, expected) => {
    expect(changesAccess(user, changedStanding(user, change))).toBe(expected);
  });
});
