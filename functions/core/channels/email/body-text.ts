/**
 * Decoded body text made safe to work on line by line: one newline convention, no control
 * characters, and windows-1252 punctuation that arrived as C1 control characters repaired.
 *
 * Why the repair: Node 20's TextDecoder decodes the 'windows-1252' label (and 'iso-8859-1', which
 * WHATWG maps to it) as plain Latin-1, so the curly quotes, dashes and euro sign Outlook sends in
 * 0x80-0x9F come out as U+0080-U+009F. Those control characters never occur in real text, so mapping
 * them through the windows-1252 table restores what the sender typed on every Node version.
 */

// windows-1252 0x80-0x9F; 0 marks the five bytes windows-1252 leaves undefined
const CP1252_C1 = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0,
  0x017d, 0, 0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a,
  0x0153, 0, 0x017e, 0x0178,
];

export function normaliseBodyText(text: string): string {
  const out: string[] = [];
  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const isControl = c < 0x20 ? c !== 0x0a && c !== 0x09 : c === 0x7f || (c >= 0x80 && c <= 0x9f);
    if (!isControl && c !== 0xa0) continue;
    out.push(text.slice(runStart, i));
    runStart = i + 1;
    if (c === 0x0d) {
      // CRLF and bare CR both end a line
      if (text.charCodeAt(i + 1) !== 0x0a) out.push('\n');
    } else if (c === 0xa0) {
      out.push(' ');
    } else if (c >= 0x80 && c <= 0x9f) {
      const mapped = CP1252_C1[c - 0x80] ?? 0;
      if (mapped !== 0) out.push(String.fromCharCode(mapped));
    }
  }
  out.push(text.slice(runStart));
  return out.join('');
}
