/** Letters and digits of any script; everything else (spaces, punctuation, symbols) separates tokens. */
const SEPARATORS = /[^\p{L}\p{N}]+/u;
/** Letters whose accent-free form is not what canonical decomposition leaves (NFD keeps them whole). */
const FOLDED: Record<string, string> = { ł: 'l', ø: 'o', đ: 'd', ß: 'ss', æ: 'ae', œ: 'oe', ı: 'i', þ: 'th' };

/** A word as name search compares it: lower-case, accents folded ("Łukasz" → "lukasz", "Müller" → "muller"). */
export function foldName(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[łøđßæœıþ]/g, (letter) => FOLDED[letter]);
}

/**
 * The tokens a customer's name is searched by: folded words split on spaces and punctuation, each once, in the order
 * written. "Müller, José-María" → ["muller", "jose", "maria"]. No name, no tokens.
 */
export function nameTokens(name: string | undefined | null): string[] {
  if (!name) return [];
  return [
    ...new Set(
      foldName(name)
        .split(SEPARATORS)
        .filter((token) => token.length > 0),
    ),
  ];
}

/** Name prefixes stop here: a longer search word is looked up by its first letters and checked against the tokens. */
export const NAME_PREFIX_LIMIT = 12;

/** What a search word is looked up by in `namePrefixes`: the word, cut to the prefix limit (in letters). */
export function namePrefixKey(word: string): string {
  return Array.from(word).slice(0, NAME_PREFIX_LIMIT).join('');
}

/**
 * The prefixes a customer's name is found by while a word is being typed: every beginning of every token, one letter
 * up to NAME_PREFIX_LIMIT, each once — so a prefix search is an equality lookup in an index, as cheap at a million
 * customers as at ten thousand. ["ann", "lee"] → ["a", "an", "ann", "l", "le", "lee"].
 */
export function namePrefixes(tokens: readonly string[]): string[] {
  const prefixes = new Set<string>();
  for (const token of tokens) {
    const letters = Array.from(token).slice(0, NAME_PREFIX_LIMIT);
    for (let length = 1; length <= letters.length; length++) prefixes.add(letters.slice(0, length).join(''));
  }
  return [...prefixes];
}

/** What name search finds a customer by, stored with every name: its tokens (whole words) and their prefixes. */
export function nameSearchFields(name: string | undefined | null): { nameTokens: string[]; namePrefixes: string[] } {
  const tokens = nameTokens(name);
  return { nameTokens: tokens, namePrefixes: namePrefixes(tokens) };
}
