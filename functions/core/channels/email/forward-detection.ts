import { type Mailbox, mailboxFromText } from './mailbox.ts';
import { cleanCustomerText } from './quote-stripping.ts';
import { findFirstMarker, type HeaderKey, headerField, type Marker } from './reply-markers.ts';

/**
 * Support inboxes forward customer mail inline (Gmail, Outlook, Apple Mail). The customer is the sender
 * named in the forwarded header block and their words are the forwarded body; what the support agent
 * typed above the banner is not the customer's and is dropped.
 */

export interface ForwardedHeaders {
  from: Mailbox;
  /** the Date:/Sent: line as printed; parsed later */
  date?: string;
  subject?: string;
}

export interface CustomerPortion {
  /** the text that holds the customer's words (still to be cleaned of quotes and signatures) */
  body: string;
  /** set when the body came out of a forwarded block */
  forward?: ForwardedHeaders;
}

export interface ForwardContext {
  /** who sent the outer mail: the forwarding inbox, or the customer writing directly */
  outerFrom?: Mailbox | undefined;
  /** the outer subject starts with Fwd:/FW: (decides Outlook's reply-or-forward header block) */
  subjectIsForward: boolean;
}

/** A forward of a forward of a forward is the most seen in practice; deeper nesting is history. */
const MAX_FORWARD_LEVELS = 4;
/** Blank lines allowed between a banner and the forwarded header block (Apple Mail leaves one). */
const MAX_BLANKS_BEFORE_HEADERS = 3;

function unquoteOnce(line: string): string {
  const text = line.trimStart();
  if (!text.startsWith('>')) return line;
  return text.startsWith('> ') ? text.slice(2) : text.slice(1);
}

interface ForwardBlock {
  headers: ForwardedHeaders;
  bodyLines: string[];
}

/** The forwarded header block starting at `from`, and the body below it. */
function skipBlanks(lines: readonly string[], from: number): number {
  let i = from;
  while (i < lines.length && i - from < MAX_BLANKS_BEFORE_HEADERS && (lines[i] ?? '').trim() === '') i++;
  return i;
}

function readForwardBlock(lines: readonly string[], from: number): ForwardBlock | undefined {
  let i = skipBlanks(lines, from);
  let block: readonly string[] = lines;
  // Apple Mail's HTML puts the forwarded mail in a blockquote, which html-to-text renders as "> "
  if ((lines[i] ?? '').trimStart().startsWith('>')) {
    block = lines.slice(i).map(unquoteOnce);
    i = skipBlanks(block, 0);
  }

  const fields = new Map<HeaderKey, string>();
  let last: HeaderKey | undefined;
  for (; i < block.length; i++) {
    const line = block[i] ?? '';
    if (line.trim() === '') break;
    const field = headerField(line);
    if (field) {
      if (!fields.has(field.key)) fields.set(field.key, field.value);
      last = field.key;
      continue;
    }
    // Outlook wraps long To:/Cc: lists onto the next lines
    if ((last === 'to' || last === 'cc') && (line.includes('@') || line.includes(';'))) continue;
    break;
  }
  const fromValue = fields.get('from');
  const mailbox = fromValue === undefined ? undefined : mailboxFromText(fromValue);
  if (!mailbox) return undefined;

  const headers: ForwardedHeaders = { from: mailbox };
  const date = fields.get('date');
  const subject = fields.get('subject');
  if (date) headers.date = date;
  if (subject) headers.subject = subject;
  return { headers, bodyLines: block.slice(i) };
}

function isForwardMarker(
  marker: Marker,
  aboveIsEmpty: boolean,
  level: number,
  context: ForwardContext,
): boolean {
  if (marker.kind === 'attribution') return false;
  if (marker.kind === 'forward') return true;
  // Outlook writes the same From/Sent/To/Subject block for replies and forwards: it is a forward when
  // the mail says so in its subject, or when nothing was written above it
  return aboveIsEmpty || (level === 0 && context.subjectIsForward);
}

/**
 * Finds the customer's part of a body. Walks into nested forwards while nothing was written above the
 * next banner, so a customer's mail forwarded twice still yields the customer. A forward whose
 * original sender is the outer sender is someone forwarding their own earlier mail: their new words
 * above the banner are kept and they stay the customer.
 */
export function extractCustomerPortion(text: string, context: ForwardContext): CustomerPortion {
  let lines = text.split('\n');
  let forward: ForwardedHeaders | undefined;

  for (let level = 0; level < MAX_FORWARD_LEVELS; level++) {
    const marker = findFirstMarker(lines);
    if (!marker) break;
    const aboveIsEmpty = cleanCustomerText(lines.slice(0, marker.start).join('\n')).words === '';
    if (!isForwardMarker(marker, aboveIsEmpty, level, context)) break;
    if (level > 0 && !aboveIsEmpty) break;
    const block = readForwardBlock(lines, marker.headersFrom);
    if (!block) break;
    const selfForward = level === 0 && context.outerFrom?.address === block.headers.from.address;
    if (selfForward && !aboveIsEmpty) break;
    forward = selfForward ? undefined : block.headers;
    lines = block.bodyLines;
  }

  return forward ? { body: lines.join('\n'), forward } : { body: lines.join('\n') };
}
