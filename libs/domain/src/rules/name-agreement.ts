/** How two customers' names compare, as a person reading both would judge it. */
export type NameAgreement = 'agree' | 'partial' | 'unknown' | 'disagree';

/**
 * The words of a name, compared without accents, case or order: "José Müller" and "muller jose" give the same
 * tokens. Digits and punctuation separate words and are dropped (a profile name such as `ann_83` is `ann`).
 */
export function nameWords(name: string | undefined): string[] {
  if (!name) return [];
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter(Boolean);
}

/**
 * `agree`: every word of the shorter name is a word (or the initial of one) of the longer, at least one whole word
 * is shared, and both have as many words — "Maria S." and "Maria Silva". `partial`: the shorter name is contained
 * in the longer one but says less ("Maria" and "Maria Silva"). `unknown`: one has no name. `disagree`: otherwise.
 */
export function nameAgreement(a: string | undefined, b: string | undefined): NameAgreement {
  const first = nameWords(a);
  const second = nameWords(b);
  if (first.length === 0 || second.length === 0) return 'unknown';
  const [shorter, longer] = first.length <= second.length ? [first, second] : [second, first];
  const unused = [...longer];
  let wholeWords = 0;
  // Whole words first, so that an initial never takes the word another whole word needs.
  const initials: string[] = [];
  for (const token of shorter) {
    const at = unused.indexOf(token);
    if (at >= 0 && (token.length > 1 || unused[at].length === 1)) {
      unused.splice(at, 1);
      wholeWords += 1;
    } else {
      initials.push(token);
    }
  }
  for (const token of initials) {
    const at = unused.findIndex((word) => isInitialOf(token, word) || isInitialOf(word, token));
    if (at < 0) return 'disagree';
    unused.splice(at, 1);
  }
  if (wholeWords === 0) return 'disagree';
  return unused.length === 0 ? 'agree' : 'partial';
}

function isInitialOf(initial: string, word: string): boolean {
  return initial.length === 1 && word.length > 1 && word.startsWith(initial);
}
