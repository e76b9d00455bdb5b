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
