/**
 * Which conversation a mail belongs to: Message-ID / In-Reply-To / References when the headers are
 * there, the normalised subject plus the customer's address when they are not.
 */

/** Longer ids are not ids; keeps the thread key inside the Contact's 512-character limit. */
const MAX_MESSAGE_ID_LENGTH = 250;
/** A References header longer than this is cut; only its root and its tail matter for threading. */
const MAX_REFERENCES = 200;
/** Subject characters kept in a subject thread key, so the key stays under 512 characters. */
const MAX_SUBJECT_KEY_LENGTH = 200;

// Reply and forward prefixes in the languages support mail arrives in: "Re", "Fwd", "FW", German
// "AW"/"WG", Nordic "SV"/"VS", Dutch "Antw", French "TR", Spanish "RV", Portuguese "Enc", optionally
// counted ("Re[2]:", "Re(2):"). Sticky and bounded, so each prefix costs O(1) and the loop is linear.
const PREFIX = /(?:re|fwd|fw|aw|wg|sv|vs|antw|tr|rv|enc)(?:\[\d{1,4}\]|\(\d{1,4}\))?[ \t]{0,8}[:：][ \t]*/iy;
const FORWARD_PREFIX = /(?:fwd|fw|wg|tr|rv|enc)(?:\[\d{1,4}\]|\(\d{1,4}\))?[ \t]{0,8}[:：]/iy;

function skipSpaces(text: string, from: number): number {
  let i = from;
  while (i < text.length && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) i++;
  return i;
}

/** "Re: Fwd: RE:  Order 123 " → "order 123": prefixes removed, whitespace collapsed, lowercased. */
export function normaliseSubject(subject: string | undefined): string {
  if (!subject) return '';
  let at = skipSpaces(subject, 0);
  for (;;) {
    PREFIX.lastIndex = at;
    if (!PREFIX.test(subject)) break;
    at = skipSpaces(subject, PREFIX.lastIndex);
  }
  return subject.slice(at).split(/\s+/).filter(Boolean).join(' ').toLowerCase();
}

/** Whether the subject's first prefix marks a forward ("FW: Re: x" is a forward, "Re: FW: x" a reply). */
export function isForwardSubject(subject: string | undefined): boolean {
  if (!subject) return false;
  FORWARD_PREFIX.lastIndex = skipSpaces(subject, 0);
  return FORWARD_PREFIX.test(subject);
}

function isIdChar(code: number): boolean {
  return code > 0x20 && code < 0x7f && code !== 0x3c && code !== 0x3e;
}

function validId(inner: string): string | undefined {
  if (inner.length === 0 || inner.length > MAX_MESSAGE_ID_LENGTH) return undefined;
  for (let i = 0; i < inner.length; i++) {
    if (!isIdChar(inner.charCodeAt(i))) return undefined;
  }
  return `<${inner}>`;
}

/**
 * Message ids in a Message-ID, In-Reply-To or References value, each as `<id>`. Ids in angle brackets
 * are taken as written; a value without brackets is split on whitespace and keeps tokens with an "@".
 * Anything with spaces or control characters inside the brackets is dropped, so an encoded-word that
 * decodes to CR LF cannot reach a thread key.
 */
export function parseMessageIds(value: string | undefined): string[] {
  if (!value) return [];
  const ids: string[] = [];
  let sawBracket = false;
  let at = 0;
  while (at < value.length && ids.length < MAX_REFERENCES) {
    const open = value.indexOf('<', at);
    if (open < 0) break;
    sawBracket = true;
    const close = value.indexOf('>', open + 1);
    if (close < 0) break;
    const id = validId(value.slice(open + 1, close).trim());
    if (id) ids.push(id);
    at = close + 1;
  }
  if (!sawBracket) {
    for (const token of value.split(/\s+/)) {
      if (ids.length >= MAX_REFERENCES) break;
      const id = token.includes('@') ? validId(token) : undefined;
      if (id) ids.push(id);
    }
  }
  return ids;
}

export interface ThreadHeaders {
  references: readonly string[];
  inReplyTo?: string | undefined;
  /** undefined when this mail's own id does not name the customer's message (an inline forward) */
  messageId?: string | undefined;
  normalisedSubject: string;
  customerAddress: string;
}

/** Root of References, else In-Reply-To, else Message-ID, else `subject:<normalised>|<customer>`. */
export function threadKeyFor(headers: ThreadHeaders): string {
  const root = headers.references[0] ?? headers.inReplyTo ?? headers.messageId;
  if (root) return root;
  return `subject:${headers.normalisedSubject.slice(0, MAX_SUBJECT_KEY_LENGTH)}|${headers.customerAddress}`;
}
