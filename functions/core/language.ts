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

const LANGUAGES = Object.keys(STOPWORDS);

/** Stopword → indexes into LANGUAGES, in STOPWORDS order (the order votes are cast in). */
const LOOKUP = new Map<string, number[]>();
for (const [index, lang] of LANGUAGES.entries()) {
  for (const w of STOPWORDS[lang] ?? []) LOOKUP.set(w, [...(LOOKUP.get(w) ?? []), index]);
}
/** Longer words cannot be stopwords: they are counted without being cut out of the text. */
const LONGEST_STOPWORD = Math.max(...[...LOOKUP.keys()].map((w) => w.length));

export interface DetectedLanguage {
  readonly language: string;
  readonly confident: boolean;
}

const MAX_WORDS = 400;
const LETTER = /\p{L}/u;
/** \p{L} for the first 0x250 code points (Latin, Latin-1, Latin Extended): most text never leaves it. */
const LATIN_LETTER = Uint8Array.from({ length: 0x250 }, (_, c) =>
  LETTER.test(String.fromCharCode(c)) ? 1 : 0,
);

/** Length in UTF-16 units of the letter (\p{L}) starting at `i`, or 0 when there is none there. */
function letterAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0x250) return LATIN_LETTER[c] ?? 0;
  const wide = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length;
  const next = wide ? text.charCodeAt(i + 1) : 0;
  const units = wide && next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
  return LETTER.test(text.slice(i, i + units)) ? units : 0;
}

/** Scratch space of detectLanguage(), reset on every call (it runs to completion, nothing re-enters it). */
const votes = new Int32Array(LANGUAGES.length);
/** When each language got its first vote: the tie-break. */
const firstVote = new Float64Array(LANGUAGES.length);

/**
 * Votes per language over the first MAX_WORDS words (runs of \p{L} in the lower-cased text); the
 * winner needs 2 votes, and 2 more than the runner-up to be confident. Ties go to the language that
 * got its first vote earliest. One pass over the text, no regex per word and no array of matches.
 */
export function detectLanguage(text: string): DetectedLanguage {
  const lower = text.toLowerCase();
  votes.fill(0);
  firstVote.fill(Number.POSITIVE_INFINITY);
  let cast = 0;
  let words = 0;
  let i = 0;
  while (i < lower.length) {
    let units = letterAt(lower, i);
    if (units === 0) {
      i++;
      continue;
    }
    if (++words > MAX_WORDS) break;
    const start = i;
    while (units > 0) {
      i += units;
      units = i < lower.length ? letterAt(lower, i) : 0;
    }
    if (i - start > LONGEST_STOPWORD) continue;
    for (const lang of LOOKUP.get(lower.slice(start, i)) ?? []) {
      if (votes[lang] === 0) firstVote[lang] = cast++;
      votes[lang] = (votes[lang] ?? 0) + 1;
    }
  }
  let best = -1;
  for (let l = 0; l < LANGUAGES.length; l++) {
    const v = votes[l] ?? 0;
    if (v === 0) continue;
    const b = best < 0 ? 0 : (votes[best] ?? 0);
    if (v > b || (v === b && (firstVote[l] ?? 0) < (firstVote[best] ?? 0))) best = l;
  }
  const top = best < 0 ? 0 : (votes[best] ?? 0);
  if (top < 2) return { language: 'en', confident: false };
  let second = 0;
  for (let l = 0; l < LANGUAGES.length; l++) if (l !== best) second = Math.max(second, votes[l] ?? 0);
  return { language: LANGUAGES[best] ?? 'en', confident: top - second >= 2 };
}
