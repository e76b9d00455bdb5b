import { describe, expect, it } from '@jest/globals';
import { foldName, namePrefixes, namePrefixKey, nameSearchFields, nameTokens } from './name-tokens.js';

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

describe('namePrefixes', () => {
  it.each<[string[], string[]]>([
    [
      ['ann', 'lee'],
      ['a', 'an', 'ann', 'l', 'le', 'lee'],
    ],
    [
      ['anna', 'ann'],
      ['a', 'an', 'ann', 'anna'],
    ],
    [
      ['o', '007'],
      ['o', '0', '00', '007'],
    ],
    [
      ['李', '小龍'],
      ['李', '小', '小龍'],
    ],
    [
      ['wolfeschlegelsteinhausen'],
      [
        'w',
        'wo',
        'wol',
        'wolf',
        'wolfe',
        'wolfes',
        'wolfesc',
        'wolfesch',
        'wolfeschl',
        'wolfeschle',
        'wolfeschleg',
        'wolfeschlege',
      ],
    ],
    [[], []],
  ])('%j → %j', (tokens, prefixes) => {
    expect(namePrefixes(tokens)).toEqual(prefixes);
  });
});

describe('namePrefixKey', () => {
  it.each([
    ['ann', 'ann'],
    ['wolfeschlegelsteinhausen', 'wolfeschlege'],
    ['𝒜𝒷𝒸𝒹𝑒𝒻𝑔𝒽𝒾𝒿𝓀𝓁𝓂', '𝒜𝒷𝒸𝒹𝑒𝒻𝑔𝒽𝒾𝒿𝓀𝓁'],
  ])('%s → %s', (word, key) => {
    expect(namePrefixKey(word)).toBe(key);
  });
});

describe('nameSearchFields', () => {
  it('stores the tokens of the name and their prefixes', () => {
    expect(nameSearchFields('Jo Müller')).toEqual({
      nameTokens: ['jo', 'muller'],
      namePrefixes: ['j', 'jo', 'm', 'mu', 'mul', 'mull', 'mulle', 'muller'],
    });
    expect(nameSearchFields(undefined)).toEqual({ nameTokens: [], namePrefixes: [] });
  });
});
