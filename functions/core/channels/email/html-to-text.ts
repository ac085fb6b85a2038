/**
 * HTML mail bodies as readable text: script, style, head and comments dropped; br, p, div, li and
 * the other block tags become line breaks; blockquote content is prefixed with "> " so quoted
 * history is recognisable later; entities decoded. One forward pass: every search starts where the
 * previous one ended, and a closing tag that was not found once is never searched for again, so the
 * cost stays linear on malformed or hostile markup. No DOM, no dependencies, nothing executed.
 */

/** Elements whose content is never text. */
const DROP_CONTENT = new Set([
  'script',
  'style',
  'head',
  'title',
  'template',
  'noscript',
  'svg',
  'object',
  'iframe',
]);
/** Dropped only when their closing tag exists; a stray `<head>` must not swallow the body. */
const DROP_ONLY_WHEN_CLOSED = new Set(['head', 'title']);
const PARAGRAPH = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table']);
const LINE = new Set([
  'div',
  'li',
  'ul',
  'ol',
  'tr',
  'hr',
  'pre',
  'blockquote',
  'section',
  'article',
  'header',
  'footer',
  'address',
  'center',
  'dl',
  'dt',
  'dd',
  'form',
  'fieldset',
  'figure',
  'figcaption',
  'main',
  'nav',
  'aside',
  'details',
  'summary',
  'caption',
  'tbody',
  'thead',
  'tfoot',
]);
const CELL = new Set(['td', 'th']);

// Latin-1 names in code point order from U+00A0, then the named characters mail HTML actually uses.
const LATIN1_NAMES =
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 ' +
  'acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde ' +
  'Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute ' +
  'Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc ' +
  'atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve ' +
  'oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml';
const OTHER_NAMES: [string, number][] = [
  ['amp', 38],
  ['lt', 60],
  ['gt', 62],
  ['quot', 34],
  ['apos', 39],
  ['OElig', 338],
  ['oelig', 339],
  ['Scaron', 352],
  ['scaron', 353],
  ['Yuml', 376],
  ['ensp', 8194],
  ['emsp', 8195],
  ['thinsp', 8201],
  ['zwnj', 8204],
  ['zwj', 8205],
  ['lrm', 8206],
  ['rlm', 8207],
  ['ndash', 8211],
  ['mdash', 8212],
  ['lsquo', 8216],
  ['rsquo', 8217],
  ['sbquo', 8218],
  ['ldquo', 8220],
  ['rdquo', 8221],
  ['bdquo', 8222],
  ['dagger', 8224],
  ['Dagger', 8225],
  ['bull', 8226],
  ['hellip', 8230],
  ['permil', 8240],
  ['lsaquo', 8249],
  ['rsaquo', 8250],
  ['euro', 8364],
  ['trade', 8482],
  ['larr', 8592],
  ['rarr', 8594],
];
const ENTITIES = new Map<string, string>([
  ...LATIN1_NAMES.split(' ').map((name, i): [string, string] => [name, String.fromCodePoint(0xa0 + i)]),
  ...OTHER_NAMES.map(([name, code]): [string, string] => [name, String.fromCodePoint(code)]),
]);
/** Longest entity we look for, `&#x10FFFF;` or `&thinsp;`; bounds the look-ahead after each "&". */
const MAX_ENTITY_LENGTH = 12;

function decodeNumeric(body: string): string | undefined {
  const hex = body.startsWith('#x') || body.startsWith('#X');
  const digits = body.slice(hex ? 2 : 1);
  if (digits === '' || !(hex ? /^[0-9a-f]+$/i : /^[0-9]+$/).test(digits)) return undefined;
  const code = Number.parseInt(digits, hex ? 16 : 10);
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
  return String.fromCodePoint(code);
}

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  const out: string[] = [];
  let last = 0;
  let at = text.indexOf('&');
  while (at >= 0) {
    let semi = -1;
    const limit = Math.min(text.length, at + MAX_ENTITY_LENGTH + 1);
    for (let k = at + 1; k < limit; k++) {
      if (text.charCodeAt(k) === 0x3b) {
        semi = k;
        break;
      }
    }
    if (semi > at + 1) {
      const body = text.slice(at + 1, semi);
      const decoded = body.startsWith('#') ? decodeNumeric(body) : ENTITIES.get(body);
      if (decoded !== undefined) {
        out.push(text.slice(last, at), decoded);
        last = semi + 1;
      }
    }
    at = text.indexOf('&', Math.max(at + 1, last));
  }
  out.push(text.slice(last));
  return out.join('');
}

const isNameChar = (c: number): boolean =>
  (c >= 0x61 && c <= 0x7a) ||
  (c >= 0x41 && c <= 0x5a) ||
  (c >= 0x30 && c <= 0x39) ||
  c === 0x3a ||
  c === 0x2d;
const isLetter = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);

/** Collects output lines; quoteDepth prefixes each line that gets text with "> " per level. */
class TextBuilder {
  private readonly chunks: string[] = [];
  private started = false;
  private lineHasText = false;
  private pendingSpace = false;
  private trailingNewlines = 0;
  /** characters pushed so far, so the caller can stop once it has enough */
  length = 0;
  quoteDepth = 0;

  private push(chunk: string): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  word(word: string): void {
    if (!this.lineHasText && this.quoteDepth > 0) this.push('> '.repeat(this.quoteDepth));
    else if (this.pendingSpace && this.lineHasText) this.push(' ');
    this.push(word);
    this.started = true;
    this.lineHasText = true;
    this.pendingSpace = false;
    this.trailingNewlines = 0;
  }

  space(): void {
    this.pendingSpace = true;
  }

  newline(): void {
    this.push('\n');
    this.lineHasText = false;
    this.pendingSpace = false;
    this.trailingNewlines++;
  }

  /** Ends the current line; `paragraph` also leaves one blank line. */
  block(paragraph: boolean): void {
    if (!this.started) return;
    const wanted = paragraph ? 2 : 1;
    while (this.trailingNewlines < wanted) this.newline();
  }

  text(raw: string, preformatted: boolean): void {
    const decoded = decodeEntities(raw).replaceAll('\u00a0', ' ');
    if (preformatted) {
      const lines = decoded.split(/\r?\n/);
      lines.forEach((line, i) => {
        if (i > 0) this.newline();
        if (line !== '') this.word(line);
      });
      return;
    }
    const words = decoded.split(/[ \t\n\r\f]+/);
    words.forEach((word, i) => {
      if (i > 0) this.space();
      if (word !== '') this.word(word);
    });
  }

  toString(): string {
    const lines = this.chunks.join('').split('\n');
    const out: string[] = [];
    let blank = 0;
    for (const line of lines) {
      const trimmed = line.trimEnd();
      blank = trimmed === '' ? blank + 1 : 0;
      if (blank <= 1) out.push(trimmed);
    }
    return out.join('\n').trim();
  }
}

/** Where the `>` that ends the tag starting at `from` is, ignoring `>` inside quoted attribute values. */
function tagEnd(html: string, from: number): number {
  let quote = 0;
  let afterEquals = false;
  for (let i = from; i < html.length; i++) {
    const c = html.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
      continue;
    }
    if (c === 0x3e) return i;
    if ((c === 0x22 || c === 0x27) && afterEquals) {
      quote = c;
      afterEquals = false;
      continue;
    }
    if (c === 0x3d) afterEquals = true;
    else if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) afterEquals = false;
  }
  return -1;
}

/** `maxChars` stops the conversion once that much text was produced; the rest of the markup is not read. */
export function htmlToText(html: string, maxChars = Number.POSITIVE_INFINITY): string {
  const out = new TextBuilder();
  /** tag names whose closing tag is known to be absent from some position on */
  const noCloseFrom = new Map<string, number>();
  let pre = 0;
  let textStart = 0;
  let i = 0;

  const flushText = (end: number): void => {
    if (end > textStart) out.text(html.slice(textStart, end), pre > 0);
  };

  /** Index just past `</name ...>` at or after `from`, or -1 when there is none. */
  const findClose = (name: string, from: number): number => {
    const known = noCloseFrom.get(name);
    if (known !== undefined && known <= from) return -1;
    let at = html.indexOf('</', from);
    while (at >= 0) {
      let matches = at + 2 + name.length <= html.length;
      for (let k = 0; matches && k < name.length; k++) {
        const c = html.charCodeAt(at + 2 + k) | 0x20;
        if (c !== name.charCodeAt(k)) matches = false;
      }
      if (matches && !isNameChar(html.charCodeAt(at + 2 + name.length))) {
        const end = tagEnd(html, at + 2 + name.length);
        return end < 0 ? html.length : end + 1;
      }
      at = html.indexOf('</', at + 2);
    }
    noCloseFrom.set(name, from);
    return -1;
  };

  while (i < html.length && out.length < maxChars) {
    const lt = html.indexOf('<', i);
    if (lt < 0) break;
    const next = html.charCodeAt(lt + 1);

    if (html.startsWith('<!--', lt)) {
      flushText(lt);
      const close = html.indexOf('-->', lt + 4);
      i = textStart = close < 0 ? html.length : close + 3;
      continue;
    }
    if (next === 0x21 || next === 0x3f || (next === 0x2f && !isLetter(html.charCodeAt(lt + 2)))) {
      // <!DOCTYPE>, <![if ...]>, <?xml?>, </ > : skipped up to their ">"
      flushText(lt);
      const close = html.indexOf('>', lt + 2);
      i = textStart = close < 0 ? html.length : close + 1;
      continue;
    }
    const closing = next === 0x2f;
    const nameStart = closing ? lt + 2 : lt + 1;
    if (!isLetter(html.charCodeAt(nameStart))) {
      i = lt + 1;
      continue;
    }
    let nameEnd = nameStart;
    while (nameEnd < html.length && isNameChar(html.charCodeAt(nameEnd))) nameEnd++;
    const name = html.slice(nameStart, nameEnd).toLowerCase();
    const end = tagEnd(html, nameEnd);
    flushText(lt);
    if (end < 0) {
      i = textStart = html.length;
      break;
    }
    i = textStart = end + 1;
    const selfClosing = html.charCodeAt(end - 1) === 0x2f;

    if (!closing && DROP_CONTENT.has(name) && !selfClosing) {
      const after = findClose(name, i);
      if (after >= 0) {
        i = textStart = after;
      } else if (!DROP_ONLY_WHEN_CLOSED.has(name)) {
        i = textStart = html.length;
      }
      continue;
    }

    if (name === 'br') {
      out.newline();
    } else if (name === 'blockquote') {
      out.block(false);
      out.quoteDepth = Math.max(0, out.quoteDepth + (closing ? -1 : 1));
    } else if (name === 'pre') {
      out.block(false);
      pre = Math.max(0, pre + (closing ? -1 : 1));
    } else if (PARAGRAPH.has(name)) {
      out.block(true);
    } else if (LINE.has(name)) {
      out.block(false);
    } else if (CELL.has(name)) {
      out.space();
    }
  }
  if (out.length < maxChars) flushText(html.length);
  return out.toString();
}
