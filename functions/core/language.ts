/**
 * A small stopword-vote language detector: enough to tell English from the other common support
 * languages so that English-trained scoring is not applied blindly. Short texts default to English
 * with `confident: false`.
 */
const STOPWORDS: Record<string, readonly string[]> = {
  en: ['the', 'and', 'is', 'to', 'you', 'my', 'it', 'not', 'for', 'this', 'was', 'have', 'with', 'your', 'i'],
  es: ['el', 'la', 'los', 'que', 'de', 'y', 'es', 'por', 'mi', 'no', 'para', 'con', 'una', 'pero', 'muy'],
  fr: [
    'le',
    'la',
    'les',
    'et',
    'est',
    'je',
    'vous',
    'pas',
    'pour',
    'une',
    'des',
    'que',
    'mon',
    'avec',
    'dans',
  ],
  de: [
    'der',
    'die',
    'das',
    'und',
    'ist',
    'ich',
    'nicht',
    'sie',
    'mit',
    'ein',
    'eine',
    'mein',
    'zu',
    'auf',
    'für',
  ],
  pt: ['o', 'os', 'que', 'de', 'e', 'é', 'não', 'um', 'uma', 'meu', 'para', 'com', 'por', 'mas', 'está'],
  it: ['il', 'che', 'di', 'e', 'è', 'non', 'un', 'una', 'mio', 'per', 'con', 'sono', 'gli', 'ma', 'questo'],
  nl: ['de', 'het', 'een', 'en', 'is', 'ik', 'niet', 'van', 'dat', 'mijn', 'met', 'voor', 'op', 'je', 'maar'],
};

const LOOKUP = new Map<string, string[]>();
for (const [lang, words] of Object.entries(STOPWORDS)) {
  for (const w of words) LOOKUP.set(w, [...(LOOKUP.get(w) ?? []), lang]);
}

export interface DetectedLanguage {
  readonly language: string;
  readonly confident: boolean;
}

const MAX_WORDS = 400;

export function detectLanguage(text: string): DetectedLanguage {
  const votes = new Map<string, number>();
  let words = 0;
  for (const match of text.toLowerCase().matchAll(/\p{L}+/gu)) {
    if (++words > MAX_WORDS) break;
    for (const lang of LOOKUP.get(match[0]) ?? []) votes.set(lang, (votes.get(lang) ?? 0) + 1);
  }
  const ranked = [...votes.entries()].sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  if (!best || best[1] < 2) return { language: 'en', confident: false };
  const margin = best[1] - (second?.[1] ?? 0);
  return { language: best[0], confident: margin >= 2 };
}
