/**
 * Cutting text for services that limit it in UTF-8 bytes (Comprehend: 5 KB per document).
 *
 * The cut only ever falls between two user-perceived characters (grapheme clusters), so it never
 * splits a surrogate pair, a multi-byte UTF-8 sequence, an emoji ZWJ sequence or flag, or a letter
 * from its combining accent. Only when a single cluster is longer than the limit (e.g. "Zalgo" text
 * with hundreds of stacked marks) does it fall back to the last whole code point.
 */

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** UTF-8 bytes of one code point; a lone surrogate counts 3, as encoders replace it with U+FFFD. */
function utf8Size(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/** Length of the text in UTF-8 bytes, as `Buffer.byteLength(text, 'utf8')` counts it. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (const ch of text) bytes += utf8Size(ch.codePointAt(0) ?? 0);
  return bytes;
}

/** Number of Unicode code points (what services billed "per character" count). */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * The longest prefix of `text` with at most `maxBytes` bytes of UTF-8 and at most `maxCodePoints`
 * code points that ends on a character boundary. Returns `text` itself when it already fits.
 */
export function cutUtf8(text: string, maxBytes: number, maxCodePoints = Number.POSITIVE_INFINITY): string {
  let bytes = 0;
  let points = 0;
  let end = 0;
  while (end < text.length) {
    const codePoint = text.codePointAt(end) ?? 0;
    const size = utf8Size(codePoint);
    if (bytes + size > maxBytes || points + 1 > maxCodePoints) break;
    bytes += size;
    points++;
    end += codePoint > 0xffff ? 2 : 1;
  }
  if (end >= text.length) return text;
  // `end` is a code point boundary; step back to the start of the cluster it would split.
  const cluster = graphemes.segment(text).containing(end);
  const start = cluster?.index ?? end;
  return text.slice(0, start > 0 ? start : end);
}
