import { describe, expect, it } from '@jest/globals';
import { foldName, nameTokens } from './name-tokens.js';

describe('nameTokens', () => {
  it.each<[string | undefined, string[]]>([
    ['Ann Lee', ['ann', 'lee']],
    ['  ANN   lee ', ['ann', 'lee']],
    ['Müller, José-María', ['muller', 'jose', 'maria']],
    ['Łukasz Søren Straße', ['lukasz', 'soren', 'strasse']],
    ["Renée O'Brien", ['renee', 'o', 'brien']],
    ['Carla (VIP) + Co.', ['carla', 'vip', 'co']],
    ['Anna anna ANNA', ['anna']],
    ['Agent 007', ['agent', '007']],
    ['Nguyễn Thị Minh', ['nguyen', 'thi', 'minh']],
    ['李 小龍', ['李', '小龍']],
    ['---', []],
    ['', []],
    [undefined, []],
  ])('%j → %j', (name, tokens) => {
    expect(nameTokens(name)).toEqual(tokens);
  });
});

describe('foldName', () => {
  it.each([
    ['José', 'jose'],
    ['ÆSIR', 'aesir'],
    ['Zoë', 'zoe'],
    ['jo', 'jo'],
  ])('%s → %s', (text, folded) => {
    expect(foldName(text)).toBe(folded);
  });
});
