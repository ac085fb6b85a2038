import { normaliseForFeatures } from '../../functions/core/text-model/features.ts';

/**
 * Reads VADER's word list (vader_sentiment_lexicon.txt: token, mean valence −4…+4, SD, ratings;
 * MIT licence, C.J. Hutto) into the token → valence record the featuriser looks up. Only entries
 * that are one token after the featuriser's normalisation are kept, plus VADER's ":(" and ":)" as
 * the normaliser's `xxsadface` / `xxsmileface`.
 */
export function parseVaderLexicon(text: string): Record<string, number> {
  const entries: [string, number][] = [];
  const emoticons: Record<string, string> = { ':(': 'xxsadface', ':)': 'xxsmileface' };
  for (const line of text.split('\n')) {
    const [token, valence] = line.split('\t');
    if (token === undefined || valence === undefined) continue;
    const value = Number(valence);
    if (!Number.isFinite(value) || value === 0) continue;
    const emoticon = emoticons[token];
    if (emoticon) entries.push([emoticon, value]);
    else if (/^[a-z][a-z']*$/.test(token) && normaliseForFeatures(token) === token)
      entries.push([token, value]);
  }
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries);
}

/** VADER's notice, kept with the valences wherever they are copied (MIT licence). */
export const VADER_NOTICE =
  'Valences from the VADER sentiment lexicon (vaderSentiment, vader_sentiment_lexicon.txt). ' +
  'Copyright (c) 2016 C.J. Hutto. MIT License: Permission is hereby granted, free of charge, to any ' +
  'person obtaining a copy of this software and associated documentation files (the "Software"), to deal ' +
  'in the Software without restriction, including without limitation the rights to use, copy, modify, ' +
  'merge, publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons to ' +
  'whom the Software is furnished to do so, subject to the following conditions: The above copyright ' +
  'notice and this permission notice shall be included in all copies or substantial portions of the ' +
  'Software. THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, ' +
  'INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND ' +
  'NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES ' +
  'OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN ' +
  'CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.';
