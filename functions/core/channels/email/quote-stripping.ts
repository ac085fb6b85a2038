import { findFirstMarker } from './reply-markers.ts';

/**
 * The customer's own words out of a plain-text body: quoted history, signatures, sign-offs and legal
 * disclaimers removed. Conservative by design: a line is only dropped when it clearly is one of those,
 * because losing a customer's sentence costs more than keeping a "Thanks".
 */
export interface CleanedText {
  /** what the customer wrote, lines trimmed at the end, at most one blank line in a row */
  words: string;
  /** the signature and sign-off block, kept apart: it may hold a phone number worth knowing */
  signature: string;
}

/** A sign-off is only recognised with at most this many short lines (name, role, phone) below it. */
const MAX_SIGN_OFF_TAIL = 5;
const MAX_SIGNATURE_LINE = 60;
/** "Sent from my iPhone" and friends are short; a longer line starting "Sent from" is a sentence. */
const MAX_DEVICE_FOOTER = 80;

const SIGN_OFFS = new Set([
  'regards',
  'kind regards',
  'best regards',
  'warm regards',
  'warmest regards',
  'many thanks',
  'thanks',
  'thank you',
  'thanks so much',
  'thanks again',
  'thanks in advance',
  'cheers',
  'best',
  'best wishes',
  'all the best',
  'sincerely',
  'yours sincerely',
  'yours faithfully',
  'yours truly',
  'respectfully',
  'take care',
  'mit freundlichen grüßen',
  'viele grüße',
  'cordialement',
  'bien à vous',
  'saludos',
  'un saludo',
  'met vriendelijke groet',
]);

const DEVICE_FOOTERS = [
  'sent from my ',
  'sent from outlook',
  'sent from mail for windows',
  'sent from yahoo mail',
  'sent with proton mail',
  'get outlook for ',
  'envoyé de mon ',
  'enviado desde mi ',
  'von meinem ',
];

/** Phrases that only legal boilerplate combines; a paragraph needs one of each list to be dropped. */
const DISCLAIMER_SUBJECTS = ['confidential', 'privileged'];
const DISCLAIMER_CONTEXTS = [
  'intended recipient',
  'any attachments',
  'files transmitted',
  'notify the sender',
  'disclaimer',
  'delete this',
  'addressee',
];

function isQuotedLine(line: string): boolean {
  return line.trimStart().startsWith('>');
}

function isSignatureDelimiter(line: string): boolean {
  // RFC 3676 section 4.3 says "-- "; many clients strip the trailing space
  return line === '-- ' || line === '--';
}

function isDeviceFooter(line: string): boolean {
  const text = line.trim();
  if (text.length === 0 || text.length > MAX_DEVICE_FOOTER) return false;
  const lower = text.toLowerCase();
  return DEVICE_FOOTERS.some((prefix) => lower.startsWith(prefix));
}

function isSignOff(line: string): boolean {
  const text = line.trim();
  if (text.length === 0 || text.length > 40) return false;
  let end = text.length;
  while (end > 0 && ',.!-–'.includes(text.charAt(end - 1))) end--;
  return SIGN_OFFS.has(text.slice(0, end).trim().toLowerCase());
}

function isSignatureLine(line: string): boolean {
  const text = line.trim();
  return text.length <= MAX_SIGNATURE_LINE && !text.includes('?') && text.split(/\s+/).length <= 8;
}

function isDisclaimer(paragraph: string): boolean {
  const lower = paragraph.toLowerCase();
  if (lower.startsWith('confidentiality notice') || lower.startsWith('disclaimer:')) return true;
  return (
    DISCLAIMER_SUBJECTS.some((s) => lower.includes(s)) && DISCLAIMER_CONTEXTS.some((c) => lower.includes(c))
  );
}

/** Drops blank-line separated paragraphs that are legal disclaimers. */
function withoutDisclaimers(lines: readonly string[]): string[] {
  const kept: string[] = [];
  let paragraph: string[] = [];
  const flush = (): void => {
    if (paragraph.length > 0 && !isDisclaimer(paragraph.join(' '))) {
      // a loop, not push(...paragraph): spreading millions of lines overflows the call stack
      for (const line of paragraph) kept.push(line);
    }
    paragraph = [];
  };
  for (const line of lines) {
    if (line.trim() === '') {
      flush();
      kept.push(line);
    } else {
      paragraph.push(line);
    }
  }
  flush();
  return kept;
}

/** Index of a sign-off line ("Kind regards,") followed only by a few short signature lines, or -1. */
function signOffStart(lines: readonly string[]): number {
  let tail = 0;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    if (isSignOff(line)) return i;
    if (tail >= MAX_SIGN_OFF_TAIL || !isSignatureLine(line)) return -1;
    tail++;
  }
  return -1;
}

/** Lines trimmed at the end, leading and trailing blank lines dropped, blank runs collapsed to one. */
export function tidyLines(lines: readonly string[]): string {
  const out: string[] = [];
  let blank = 0;
  for (const line of lines) {
    const trimmed = line.trimEnd();
    if (trimmed === '') {
      blank++;
      continue;
    }
    if (out.length > 0 && blank > 0) out.push('');
    blank = 0;
    out.push(trimmed);
  }
  return out.join('\n');
}

export function cleanCustomerText(text: string): CleanedText {
  let lines = text.split('\n');

  const marker = findFirstMarker(lines);
  if (marker) lines = lines.slice(0, marker.start);

  lines = lines.filter((line) => !isQuotedLine(line));

  let signature: string[] = [];
  const cut = lines.findIndex((line) => isSignatureDelimiter(line) || isDeviceFooter(line));
  if (cut >= 0) {
    signature = lines.slice(cut + 1);
    lines = lines.slice(0, cut);
  }

  lines = withoutDisclaimers(lines);
  signature = withoutDisclaimers(signature);

  const signOff = signOffStart(lines);
  if (signOff >= 0) {
    signature = lines.slice(signOff).concat(signature);
    lines = lines.slice(0, signOff);
  }

  return { words: tidyLines(lines), signature: tidyLines(signature) };
}
