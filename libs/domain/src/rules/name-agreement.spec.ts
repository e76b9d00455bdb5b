import { describe, expect, it } from '@jest/globals';
import { nameAgreement, nameWords, type NameAgreement } from './name-agreement.js';

describe('nameWords', () => {
  it.each<[string | undefined, string[]]>([
    [undefined, []],
    ['', []],
    ['  ', []],
    ['José Müller', ['jose', 'muller']],
    ['MARIA  S.', ['maria', 's']],
    ['ann_83', ['ann']],
    ['Nguyễn Thị Minh', ['nguyen', 'thi', 'minh']],
    ["O'Brien-Smith", ['o', 'brien', 'smith']],
  ])('%s → %j', (name, tokens) => {
    expect(nameWords(name)).toEqual(tokens);
  });
});

describe('nameAgreement', () => {
  it.each<[string, string | undefined, string | undefined, NameAgreement]>([
    ['equal', 'Nils Kowalski', 'Nils Kowalski', 'agree'],
    ['accents, case and order', 'José Müller', 'muller jose', 'agree'],
    ['an initial for the family name', 'Maria S.', 'Maria Silva', 'agree'],
    ['an initial for the given name', 'J. Smith', 'John Smith', 'agree'],
    ['a name contained in a longer one', 'Maria', 'Maria Silva', 'partial'],
    ['a middle name on one side', 'Ann Lee', 'Ann Marie Lee', 'partial'],
    ['no name on one side', undefined, 'Maria Silva', 'unknown'],
    ['a name of punctuation only', '...', 'Maria Silva', 'unknown'],
    ['different people', 'Nils Kowalski', 'Ola Nordmann', 'disagree'],
    ['same family name, other given name', 'Linh Nguyen', 'Minh Nguyen', 'disagree'],
    ['same given name, other family name', 'Maria Silva', 'Maria Santos', 'disagree'],
    ['initials only never agree', 'J. S.', 'John Smith', 'disagree'],
    ['an initial that fits no word', 'Maria T.', 'Maria Silva', 'disagree'],
    ['one letter on both sides is a whole word', 'A', 'a', 'agree'],
  ])('%s: %s ↔ %s', (_case, a, b, expected) => {
    expect(nameAgreement(a, b)).toBe(expected);
    expect(nameAgreement(b, a)).toBe(expected);
  });
});
