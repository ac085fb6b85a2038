import type { Address } from 'postal-mime';

/** A sender: a lowercased address and, when the mail gave one, a display name. */
export interface Mailbox {
  address: string;
  name?: string;
}

/** RFC 5321 caps an address at 254 characters; display names beyond 200 are not names. */
const MAX_ADDRESS_LENGTH = 254;
const MAX_NAME_LENGTH = 200;
/** A forwarded `From:` line longer than this is prose, not a header. */
const MAX_FROM_VALUE_LENGTH = 1000;

const LOCAL_SPECIALS = "!#$%&'*+-/=?^_`{|}~.";

function isAlnum(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/** A dot-atom local part and a dotted hostname; checked by index, so any input length is linear. */
export function isPlausibleAddress(address: string): boolean {
  if (address.length < 3 || address.length > MAX_ADDRESS_LENGTH) return false;
  const at = address.lastIndexOf('@');
  if (at < 1 || at > 64 || at === address.length - 1) return false;
  for (let i = 0; i < at; i++) {
    const c = address.charCodeAt(i);
    if (!isAlnum(c) && !LOCAL_SPECIALS.includes(address.charAt(i))) return false;
  }
  const domain = address.slice(at + 1);
  if (!domain.includes('.')) return false;
  for (const label of domain.split('.')) {
    if (label.length === 0 || label.length > 63) return false;
    if (label.startsWith('-') || label.endsWith('-')) return false;
    for (let i = 0; i < label.length; i++) {
      const c = label.charCodeAt(i);
      if (!isAlnum(c) && c !== 0x2d) return false;
    }
  }
  return true;
}

/** Control characters (CR, LF, NUL, C1) become spaces, runs of whitespace collapse, then trimmed. */
export function cleanHeaderText(value: string | undefined, maxLength = 1000): string | undefined {
  if (value === undefined) return undefined;
  let out = '';
  let pendingSpace = false;
  for (let i = 0; i < value.length && out.length < maxLength; i++) {
    const c = value.charCodeAt(i);
    const space = c <= 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0xa0 || c === 0x2028 || c === 0x2029;
    if (space) {
      pendingSpace = out.length > 0;
      continue;
    }
    if (pendingSpace) out += ' ';
    pendingSpace = false;
    out += value.charAt(i);
  }
  return out === '' ? undefined : out;
}

function cleanName(raw: string, address: string): string | undefined {
  let name = cleanHeaderText(raw, MAX_NAME_LENGTH);
  if (!name) return undefined;
  // "*Jane Doe*" (bold in a text/plain forward) and "\"Jane Doe\"" are the same name
  let start = 0;
  let end = name.length;
  const trimmable = '"\'*, ';
  while (start < end && trimmable.includes(name.charAt(start))) start++;
  while (end > start && trimmable.includes(name.charAt(end - 1))) end--;
  name = name.slice(start, end);
  if (name === '' || name.toLowerCase() === address) return undefined;
  return name;
}

function mailbox(rawAddress: string, rawName: string): Mailbox | undefined {
  let address = rawAddress.trim();
  if (address.toLowerCase().startsWith('mailto:')) address = address.slice('mailto:'.length).trim();
  address = address.toLowerCase();
  if (!isPlausibleAddress(address)) return undefined;
  const name = cleanName(rawName, address);
  return name ? { address, name } : { address };
}

/** The sender from postal-mime's parsed From/Sender: the mailbox, or the first member of a group. */
export function mailboxFromAddress(parsed: Address | undefined): Mailbox | undefined {
  if (!parsed) return undefined;
  const candidate = parsed.group ? parsed.group[0] : parsed;
  if (!candidate?.address) return undefined;
  return mailbox(candidate.address, candidate.name);
}

/**
 * The sender from a `From:` line written into a mail body by a forwarding client:
 * `Jane Doe <jane@x.com>`, `"Doe, Jane" <jane@x.com>`, `Jane Doe [mailto:jane@x.com]`, `jane@x.com`.
 * A hand-written scan with indexOf, no regex, so a 100k-character `mailto:` line is still one pass.
 */
export function mailboxFromText(value: string): Mailbox | undefined {
  if (value.length > MAX_FROM_VALUE_LENGTH) return undefined;
  const text = value.trim();

  const open = text.lastIndexOf('<');
  const close = open >= 0 ? text.indexOf('>', open) : -1;
  if (open >= 0 && close > open) return mailbox(text.slice(open + 1, close), text.slice(0, open));

  const lower = text.toLowerCase();
  const bracket = lower.lastIndexOf('[mailto:');
  const bracketEnd = bracket >= 0 ? text.indexOf(']', bracket) : -1;
  if (bracket >= 0 && bracketEnd > bracket) {
    return mailbox(text.slice(bracket + '[mailto:'.length, bracketEnd), text.slice(0, bracket));
  }

  const tokens = text.split(/\s+/);
  const index = tokens.findIndex((token) => token.includes('@'));
  const token = tokens[index];
  if (token === undefined) return undefined;
  let start = 0;
  let end = token.length;
  while (start < end && '(["\''.includes(token.charAt(start))) start++;
  while (end > start && ')]"\',;.'.includes(token.charAt(end - 1))) end--;
  const name = tokens.filter((_, i) => i !== index).join(' ');
  return mailbox(token.slice(start, end), name);
}
