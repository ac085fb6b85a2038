/**
 * The lines mail clients write where earlier mail starts: forward banners (Gmail, Thunderbird,
 * Apple Mail), Outlook's "-----Original Message-----" and "____" + From/Sent/To/Subject blocks, and
 * reply attributions ("On <date>, <name> wrote:"). Every check is startsWith/endsWith/includes on a
 * trimmed line of bounded length, with at most a few lines of look-ahead: linear in the text.
 */

/**
 * forward: unambiguously a forwarded mail follows. original: Outlook's header block, which clients
 * use for both replies and forwards. attribution: a quoted reply follows.
 */
export type MarkerKind = 'forward' | 'original' | 'attribution';

export interface Marker {
  kind: MarkerKind;
  /** first line of the marker: everything above it is the writer's own text */
  start: number;
  /** where the forwarded header block (From:, Date:, ...) may begin */
  headersFrom: number;
}

/** Banner and attribution lines are short; a longer line is prose. */
const MAX_MARKER_LINE = 200;
/** Header lines in a forwarded block; a longer line is not one. */
const MAX_HEADER_LINE = 1200;
/** How far below a "From:" line Outlook's Sent/To/Subject lines may be. */
const HEADER_BLOCK_SPAN = 6;

export type HeaderKey = 'from' | 'date' | 'subject' | 'to' | 'cc' | 'other';

// Header names as English, German, French, Spanish, Dutch, Italian and Nordic clients print them.
const HEADER_KEYS = new Map<string, HeaderKey>([
  ...['from', 'von', 'de', 'van', 'da', 'från', 'fra'].map((k): [string, HeaderKey] => [k, 'from']),
  ...[
    'date',
    'sent',
    'datum',
    'gesendet',
    'envoyé',
    'enviado',
    'fecha',
    'verzonden',
    'data',
    'skickat',
    'sendt',
  ].map((k): [string, HeaderKey] => [k, 'date']),
  ...['subject', 'betreff', 'objet', 'asunto', 'onderwerp', 'oggetto', 'ämne', 'emne'].map(
    (k): [string, HeaderKey] => [k, 'subject'],
  ),
  ...['to', 'an', 'à', 'para', 'aan', 'a', 'till', 'til'].map((k): [string, HeaderKey] => [k, 'to']),
  ...['cc', 'bcc', 'kopie', 'cci'].map((k): [string, HeaderKey] => [k, 'cc']),
  ...['reply-to', 'importance', 'priority', 'attachments', 'antwort an'].map((k): [string, HeaderKey] => [
    k,
    'other',
  ]),
]);

const FORWARD_BANNERS = new Set([
  'forwarded message',
  'weitergeleitete nachricht',
  'message transféré',
  'mensaje reenviado',
  'messaggio inoltrato',
  'doorgestuurd bericht',
]);
const ORIGINAL_BANNERS = new Set([
  'original message',
  'ursprüngliche nachricht',
  "message d'origine",
  'mensaje original',
  'messaggio originale',
  'oorspronkelijk bericht',
]);
const APPLE_BANNERS = new Set([
  'begin forwarded message:',
  'anfang der weitergeleiteten nachricht:',
  'début du message réexpédié :',
  'début du message réexpédié:',
]);

const LONGEST_APPLE_BANNER = Math.max(...[...APPLE_BANNERS].map((banner) => banner.length));

export interface HeaderField {
  key: HeaderKey;
  value: string;
}

function trimChars(text: string, chars: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && chars.includes(text.charAt(start))) start++;
  while (end > start && chars.includes(text.charAt(end - 1))) end--;
  return text.slice(start, end);
}

/** `From: Jane <jane@x>` or `*From:* Jane` (bold in a text/plain rendering) as a known header field. */
export function headerField(line: string): HeaderField | undefined {
  const text = line.trim();
  if (text.length === 0 || text.length > MAX_HEADER_LINE) return undefined;
  const colon = text.indexOf(':');
  if (colon < 1 || colon > 24) return undefined;
  const key = HEADER_KEYS.get(trimChars(text.slice(0, colon), '* \t').toLowerCase());
  if (!key) return undefined;
  return { key, value: trimChars(text.slice(colon + 1), '* \t') };
}

function bannerCore(text: string): string {
  return trimChars(text, '-=_ \t').toLowerCase();
}

function hasDigit(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) return true;
  }
  return false;
}

/**
 * "On Mon, 3 Mar 2025 at 10:15, Jane <jane@x> wrote:" and its translations, possibly wrapped over up
 * to three lines. A date or time (a digit) is required, so "On Monday I wrote:" stays the customer's.
 */
function isAttributionText(joined: string): boolean {
  const lower = joined.toLowerCase();
  if (!hasDigit(lower)) {
    return false;
  }
  if (lower.startsWith('on ')) return lower.endsWith('wrote:');
  if (lower.startsWith('am ')) return lower.includes(' schrieb') && lower.endsWith(':');
  if (lower.startsWith('le ')) return lower.endsWith('a écrit :') || lower.endsWith('a écrit:');
  if (lower.startsWith('el ')) return lower.endsWith('escribió:');
  if (lower.startsWith('op ')) return lower.includes('schreef') && lower.endsWith(':');
  if (lower.startsWith('il ')) return lower.endsWith('ha scritto:');
  return false;
}

const ATTRIBUTION_PREFIXES = new Set(['on ', 'am ', 'le ', 'el ', 'op ', 'il ']);

function attributionAt(lines: readonly string[], i: number): boolean {
  const first = (lines[i] ?? '').trim();
  if (first.length === 0 || first.length > MAX_MARKER_LINE) return false;
  // "Jane Doe <jane@x.com> wrote:" without a date
  if (first.endsWith(' wrote:') && (first.includes('@') || first.includes('<'))) return true;
  // the cheap test first: almost every line fails it, so the join below stays rare
  if (!ATTRIBUTION_PREFIXES.has(first.slice(0, 3).toLowerCase())) return false;
  let joined = first;
  for (let k = 0; k < 3; k++) {
    if (isAttributionText(joined)) return true;
    const next = (lines[i + k + 1] ?? '').trim();
    if (next.length === 0 || next.length > MAX_MARKER_LINE) return false;
    joined = `${joined} ${next}`;
  }
  return false;
}

function nextNonBlank(lines: readonly string[], from: number, span: number): number {
  for (let j = from; j < Math.min(lines.length, from + span); j++) {
    if ((lines[j] ?? '').trim() !== '') return j;
  }
  return -1;
}

/** A "From:" line followed within a few lines by a date line and a To or Subject line. */
function headerBlockAt(lines: readonly string[], i: number): boolean {
  if (headerField(lines[i] ?? '')?.key !== 'from') return false;
  let date = false;
  let addressed = false;
  for (let j = i + 1; j < Math.min(lines.length, i + 1 + HEADER_BLOCK_SPAN); j++) {
    const key = headerField(lines[j] ?? '')?.key;
    if (key === 'date') date = true;
    if (key === 'to' || key === 'subject') addressed = true;
  }
  return date && addressed;
}

function markerAt(lines: readonly string[], i: number): Marker | undefined {
  const text = (lines[i] ?? '').trim();
  if (text.length === 0 || text.length > MAX_MARKER_LINE) return undefined;

  if (text.startsWith('--')) {
    const core = bannerCore(text);
    if (FORWARD_BANNERS.has(core)) return { kind: 'forward', start: i, headersFrom: i + 1 };
    if (ORIGINAL_BANNERS.has(core)) return { kind: 'original', start: i, headersFrom: i + 1 };
  }
  // Apple Mail's HTML puts the banner itself inside the blockquote that holds the forwarded mail
  const unquoted = text.startsWith('>') ? trimChars(text, '> ') : text;
  if (unquoted.length <= LONGEST_APPLE_BANNER && APPLE_BANNERS.has(unquoted.toLowerCase())) {
    return { kind: 'forward', start: i, headersFrom: i + 1 };
  }

  if (text.length >= 10 && trimChars(text, '_') === '') {
    const next = nextNonBlank(lines, i + 1, 3);
    if (next >= 0 && headerField(lines[next] ?? '')?.key === 'from') {
      return { kind: 'original', start: i, headersFrom: next };
    }
  }
  if (headerBlockAt(lines, i)) return { kind: 'original', start: i, headersFrom: i };
  if (attributionAt(lines, i)) return { kind: 'attribution', start: i, headersFrom: i };
  return undefined;
}

/** The first marker at or after line `from`, or undefined when the text has none. */
export function findFirstMarker(lines: readonly string[], from = 0): Marker | undefined {
  for (let i = from; i < lines.length; i++) {
    const marker = markerAt(lines, i);
    if (marker) return marker;
  }
  return undefined;
}
