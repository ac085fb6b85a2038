/**
 * Dates as mail clients print them: RFC 5322 headers ("Mon, 3 Mar 2025 10:15:00 +0100") and the
 * lines forwarding clients write into the body — Gmail "Mon, Mar 3, 2025 at 10:15 AM", Outlook
 * "Monday, March 3, 2025 10:15 AM", Apple Mail "3 March 2025 at 10:15:42 GMT+1". Tokenised in one
 * pass; no Date.parse on free text, whose result depends on the host's time zone and engine.
 * A date printed without a zone (Gmail, Outlook) is read as UTC: those lines carry the forwarder's
 * local time and no zone, and UTC keeps the result the same on every host.
 */

const MAX_DATE_LENGTH = 200;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** RFC 5322 obsolete zones plus the two European ones mail clients print; minutes east of UTC. */
const ZONES: Record<string, number> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  cet: 60,
  cest: 120,
};

type Token =
  | { kind: 'word'; text: string }
  | { kind: 'number'; text: string }
  | { kind: 'time'; hour: number; minute: number; second: number }
  | { kind: 'offset'; minutes: number };

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isLetter = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

function readDigits(text: string, from: number): number {
  let i = from;
  while (i < text.length && isDigit(text.charCodeAt(i))) i++;
  return i;
}

function tokenise(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (isLetter(c)) {
      let j = i;
      while (j < text.length && isLetter(text.charCodeAt(j))) j++;
      tokens.push({ kind: 'word', text: text.slice(i, j).toLowerCase() });
      i = j;
    } else if ((c === 0x2b || c === 0x2d) && isDigit(text.charCodeAt(i + 1))) {
      const end = readDigits(text, i + 1);
      const digits = text.slice(i + 1, end);
      let hours: number;
      let minutes: number;
      let next = end;
      if (digits.length === 4) {
        hours = Number(digits.slice(0, 2));
        minutes = Number(digits.slice(2));
      } else if (digits.length <= 2 && text.charAt(end) === ':' && isDigit(text.charCodeAt(end + 1))) {
        next = readDigits(text, end + 1);
        hours = Number(digits);
        minutes = Number(text.slice(end + 1, next));
      } else if (digits.length <= 2) {
        hours = Number(digits);
        minutes = 0;
      } else {
        tokens.push({ kind: 'number', text: digits });
        i = end;
        continue;
      }
      const sign = c === 0x2d ? -1 : 1;
      if (hours <= 14 && minutes < 60)
        tokens.push({ kind: 'offset', minutes: sign * (hours * 60 + minutes) });
      i = next;
    } else if (isDigit(c)) {
      const end = readDigits(text, i);
      if (text.charAt(end) === ':' && isDigit(text.charCodeAt(end + 1))) {
        const minuteEnd = readDigits(text, end + 1);
        let second = 0;
        let next = minuteEnd;
        if (text.charAt(minuteEnd) === ':' && isDigit(text.charCodeAt(minuteEnd + 1))) {
          next = readDigits(text, minuteEnd + 1);
          second = Number(text.slice(minuteEnd + 1, next));
        }
        tokens.push({
          kind: 'time',
          hour: Number(text.slice(i, end)),
          minute: Number(text.slice(end + 1, minuteEnd)),
          second,
        });
        i = next;
      } else {
        tokens.push({ kind: 'number', text: text.slice(i, end) });
        i = end;
      }
    } else {
      i++;
    }
  }
  return tokens;
}

function monthOf(word: string): number {
  if (word.length < 3) return -1;
  const index = MONTHS.indexOf(word.slice(0, 3));
  if (index < 0) return -1;
  const full = MONTH_NAMES[index] ?? '';
  // "Mar", "March" and "Sept" are months; "Marketing" is not
  return full.startsWith(word) || (word === 'sept' && index === 8) ? index : -1;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** ISO 8601 string, or undefined when the text does not name a full date. */
export function parseLooseDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (text === '' || text.length > MAX_DATE_LENGTH) return undefined;

  if (ISO_DATE.test(text)) {
    const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/.test(text) && text.length > 10;
    const iso = text.replace(' ', 'T');
    const date = new Date(hasZone || text.length === 10 ? iso : `${iso}Z`);
    return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
  }

  let year = -1;
  let month = -1;
  let day = -1;
  let time: { hour: number; minute: number; second: number } | undefined;
  let meridiem: 'am' | 'pm' | undefined;
  let offset: number | undefined;

  for (const token of tokenise(text)) {
    if (token.kind === 'word') {
      if (month < 0 && monthOf(token.text) >= 0) month = monthOf(token.text);
      else if (token.text === 'am' || token.text === 'pm') meridiem = token.text;
      else if (time && offset === undefined && Object.hasOwn(ZONES, token.text)) offset = ZONES[token.text];
    } else if (token.kind === 'number') {
      const n = Number(token.text);
      if (token.text.length === 4 && year < 0) year = n;
      else if (token.text.length <= 2 && day < 0 && n >= 1 && n <= 31) day = n;
    } else if (token.kind === 'time') {
      time ??= token;
    } else if (time && (offset === undefined || offset === 0)) {
      // "GMT+1" is a zone word then an offset; the offset wins
      offset = token.minutes;
    }
  }
  if (year < 1970 || year > 2100 || month < 0 || day < 0) return undefined;

  let hour = time?.hour ?? 0;
  const minute = time?.minute ?? 0;
  const second = time?.second ?? 0;
  if (meridiem) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 60) return undefined;

  const utc = Date.UTC(year, month, day, hour, minute, Math.min(second, 59));
  if (new Date(utc).getUTCDate() !== day) return undefined;
  return new Date(utc - (offset ?? 0) * 60_000).toISOString();
}
