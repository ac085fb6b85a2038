import { parseContentType } from './content-type.ts';
import { EmailRejection } from './rejection.ts';

/** Hard limits a raw mail must fit before any MIME parser sees it. */
export interface EmailLimits {
  /** whole raw mail */
  maxBytes: number;
  /** MIME parts, counted as boundary delimiters plus embedded messages */
  maxParts: number;
  /** nesting of multiparts and message/rfc822 inside each other; the top-level message is depth 0 */
  maxDepth: number;
  /** one header field after its folded continuation lines are joined */
  maxHeaderLineBytes: number;
  /** all header lines of the mail together, every part and embedded message included */
  maxHeaderBytes: number;
  /**
   * Lines of bodies that are neither base64 nor quoted-printable. postal-mime keeps two Blob parts
   * per such line: measured on Node 20, 100k lines cost ~2.7 s and 9M empty lines (a 9 MB mail)
   * exhausted a 4 GB heap, while 130k base64 lines take 0.6 s. Optional so that limits written
   * with the five fields above stay valid; the default applies when it is absent.
   */
  maxTextLines?: number;
}

const DEFAULT_TEXT_LINES = 100_000;

/**
 * SES accepts inbound mail up to 40 MB, but support mail that is mostly words fits in 10 MB with room
 * for a few screenshots; 200 parts and depth 8 are far above what mail clients produce (a forwarded
 * reply with attachments is ~10 parts, depth 3); RFC 5322 caps a physical line at 998 bytes, so 16 KB
 * for a folded header still fits a References list of ~200 ids.
 */
export const DEFAULT_EMAIL_LIMITS: EmailLimits = Object.freeze({
  maxBytes: 10 * 1024 * 1024,
  maxParts: 200,
  maxDepth: 8,
  maxHeaderLineBytes: 16 * 1024,
  maxHeaderBytes: 256 * 1024,
  // a support thread quoted 20 levels deep is under 10k lines; 100k leaves room for text attachments
  maxTextLines: DEFAULT_TEXT_LINES,
});

/** Falls back to the default for any limit that is not a non-negative integer (NaN would disable a check). */
export function sanitiseLimits(limits: EmailLimits | undefined): Required<EmailLimits> {
  const pick = (key: keyof EmailLimits): number => {
    const value = limits?.[key];
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
    return DEFAULT_EMAIL_LIMITS[key] ?? DEFAULT_TEXT_LINES;
  };
  return {
    maxBytes: pick('maxBytes'),
    maxParts: pick('maxParts'),
    maxDepth: pick('maxDepth'),
    maxHeaderLineBytes: pick('maxHeaderLineBytes'),
    maxHeaderBytes: pick('maxHeaderBytes'),
    maxTextLines: pick('maxTextLines'),
  };
}

/** `atLeast` when the size is a lower bound (a string's length before encoding). */
export function tooLarge(bytes: number, limits: EmailLimits, atLeast = false): EmailRejection {
  const size = atLeast ? `at least ${bytes}` : `${bytes}`;
  return new EmailRejection(
    'too_large',
    `The mail is ${size} bytes, over the limit of ${limits.maxBytes} bytes.`,
  );
}

const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const HT = 0x09;
const DASH = 0x2d;
const COLON = 0x3a;

const CONTENT_TYPE = 'content-type';
const TRANSFER_ENCODING = 'content-transfer-encoding';

/** One open multipart: its delimiter and how deep the multipart itself sits. */
interface OpenBoundary {
  value: Uint8Array;
  depth: number;
  digest: boolean;
  embedded: boolean;
}

/** The part whose lines are being read. */
interface Part {
  depth: number;
  inHeader: boolean;
  /** children of multipart/digest default to message/rfc822 */
  inDigest: boolean;
  /** inside an unencoded message/rfc822 body: postal-mime reads every line of it as text */
  embedded: boolean;
  /** body is base64 or quoted-printable, which postal-mime decodes cheaply */
  encoded: boolean;
  contentType: Uint8Array[] | undefined;
  transferEncoding: Uint8Array[] | undefined;
}

const newPart = (depth: number, inDigest: boolean, embedded: boolean): Part => ({
  depth,
  inHeader: true,
  inDigest,
  embedded,
  encoded: false,
  contentType: undefined,
  transferEncoding: undefined,
});

const headerDecoder = new TextDecoder('utf-8', { ignoreBOM: true });
const encoder = new TextEncoder();

function joinChunks(chunks: Uint8Array[]): string {
  let length = 0;
  for (const chunk of chunks) length += chunk.length;
  const joined = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.length;
  }
  // a bare CR inside a header is turned into a space by postal-mime too
  return headerDecoder.decode(joined).replaceAll('\r', ' ');
}

/** Header name of a line (up to the first colon, SP/HT trimmed) compared case-insensitively with `name`. */
function headerNameIs(bytes: Uint8Array, start: number, end: number, name: string): boolean {
  let colon = -1;
  for (let i = start; i < end; i++) {
    if (bytes[i] === COLON) {
      colon = i;
      break;
    }
  }
  if (colon < 0) return false;
  let from = start;
  let to = colon;
  while (from < to && (bytes[from] === SP || bytes[from] === HT)) from++;
  while (to > from && (bytes[to - 1] === SP || bytes[to - 1] === HT)) to--;
  if (to - from !== name.length) return false;
  for (let i = 0; i < name.length; i++) {
    const b = bytes[from + i] ?? 0;
    const lower = b >= 0x41 && b <= 0x5a ? b + 0x20 : b;
    if (lower !== name.charCodeAt(i)) return false;
  }
  return true;
}

/** The value after the colon of the first line, or the whole continuation line. */
function valueSlice(bytes: Uint8Array, start: number, end: number, first: boolean): Uint8Array {
  if (!first) return bytes.subarray(start, end);
  let i = start;
  while (i < end && bytes[i] !== COLON) i++;
  return bytes.subarray(Math.min(i + 1, end), end);
}

/** Whether the line is `--boundary` or `--boundary--`, optionally followed by SP/HT (as postal-mime reads it). */
function matchDelimiter(
  bytes: Uint8Array,
  start: number,
  end: number,
  boundary: Uint8Array,
): 'none' | 'part' | 'close' {
  const length = end - start;
  if (length < boundary.length + 2) return 'none';
  for (let j = 0; j < boundary.length; j++) {
    if (bytes[start + 2 + j] !== boundary[j]) return 'none';
  }
  let tail = start + 2 + boundary.length;
  let close = false;
  if (end - tail >= 2 && bytes[tail] === DASH && bytes[tail + 1] === DASH) {
    close = true;
    tail += 2;
  }
  for (let j = tail; j < end; j++) {
    if (bytes[j] !== SP && bytes[j] !== HT) return 'none';
  }
  return close ? 'close' : 'part';
}

/**
 * One linear pass over the raw bytes that counts what a MIME parser would build: parts (boundary
 * delimiters and embedded messages), nesting depth, each unfolded header field and all header bytes.
 * It stops at the first limit crossed, so a hostile mail costs at most one read of its bytes; the open
 * boundary stack never exceeds maxDepth, which keeps the per-line delimiter check bounded.
 */
export function checkMimeLimits(
  bytes: Uint8Array,
  limits: Required<EmailLimits>,
): EmailRejection | undefined {
  if (bytes.length > limits.maxBytes) return tooLarge(bytes.length, limits);

  const boundaries: OpenBoundary[] = [];
  let part = newPart(0, false, false);
  let parts = 1;
  let textLines = 0;
  let headerBytes = 0;
  let fieldBytes = 0;
  let capturing: 'type' | 'encoding' | undefined;

  const tooDeep = (): EmailRejection =>
    new EmailRejection(
      'too_deep',
      `The mail nests MIME parts deeper than the limit of ${limits.maxDepth} level${limits.maxDepth === 1 ? '' : 's'}.`,
    );
  const tooManyParts = (): EmailRejection =>
    new EmailRejection(
      'too_many_parts',
      `The mail has more than the limit of ${limits.maxParts} MIME parts.`,
    );

  let lineStart = 0;
  while (lineStart < bytes.length) {
    let lf = bytes.indexOf(LF, lineStart);
    if (lf < 0) lf = bytes.length;
    let end = lf;
    while (end > lineStart && bytes[end - 1] === CR) end--;
    const start = lineStart;
    lineStart = lf + 1;
    const length = end - start;

    if (boundaries.length > 0 && length > 2 && bytes[start] === DASH && bytes[start + 1] === DASH) {
      let matched = -1;
      let kind: 'none' | 'part' | 'close' = 'none';
      for (let k = boundaries.length - 1; k >= 0; k--) {
        const open = boundaries[k];
        if (!open) continue;
        kind = matchDelimiter(bytes, start, end, open.value);
        if (kind !== 'none') {
          matched = k;
          break;
        }
      }
      const owner = boundaries[matched];
      if (owner) {
        capturing = undefined;
        fieldBytes = 0;
        boundaries.length = matched + 1;
        if (kind === 'close') {
          boundaries.length = matched;
          part = { ...newPart(owner.depth, false, owner.embedded), inHeader: false };
        } else {
          parts++;
          if (parts > limits.maxParts) return tooManyParts();
          if (owner.depth + 1 > limits.maxDepth) return tooDeep();
          part = newPart(owner.depth + 1, owner.digest, owner.embedded);
        }
        continue;
      }
    }

    if (part.embedded || (!part.inHeader && !part.encoded)) {
      textLines++;
      if (textLines > limits.maxTextLines) {
        return new EmailRejection(
          'too_large',
          `The mail has more than the limit of ${limits.maxTextLines} lines of unencoded text.`,
        );
      }
    }
    if (!part.inHeader) continue;

    if (length === 0) {
      part.inHeader = false;
      capturing = undefined;
      fieldBytes = 0;
      const type = part.contentType
        ? parseContentType(joinChunks(part.contentType))
        : { value: part.inDigest ? 'message/rfc822' : 'text/plain', boundary: '' };
      const encoding = part.transferEncoding ? joinChunks(part.transferEncoding).toLowerCase() : '';
      part.encoded = encoding.includes('base64') || encoding.includes('quoted-printable');
      if (type.value.startsWith('multipart/')) {
        if (type.boundary !== '') {
          boundaries.push({
            value: encoder.encode(type.boundary),
            depth: part.depth,
            digest: type.value === 'multipart/digest',
            embedded: part.embedded,
          });
        }
      } else if (type.value === 'message/rfc822' && !part.encoded) {
        // an encoded embedded message is hidden from this scan; it is scanned again after
        // decoding if the parser ever unwraps it
        parts++;
        if (parts > limits.maxParts) return tooManyParts();
        if (part.depth + 1 > limits.maxDepth) return tooDeep();
        part = newPart(part.depth + 1, false, true);
      }
      continue;
    }

    headerBytes += length;
    if (headerBytes > limits.maxHeaderBytes) {
      return new EmailRejection(
        'header_too_long',
        `The mail's headers add up to more than the limit of ${limits.maxHeaderBytes} bytes.`,
      );
    }
    const continuation = (bytes[start] === SP || bytes[start] === HT) && fieldBytes > 0;
    if (continuation) {
      fieldBytes += length;
    } else {
      fieldBytes = length;
      capturing = undefined;
      if (part.contentType === undefined && headerNameIs(bytes, start, end, CONTENT_TYPE)) {
        part.contentType = [];
        capturing = 'type';
      } else if (part.transferEncoding === undefined && headerNameIs(bytes, start, end, TRANSFER_ENCODING)) {
        part.transferEncoding = [];
        capturing = 'encoding';
      }
    }
    if (fieldBytes > limits.maxHeaderLineBytes) {
      return new EmailRejection(
        'header_too_long',
        `A header field is longer than the limit of ${limits.maxHeaderLineBytes} bytes after unfolding.`,
      );
    }
    if (capturing === 'type') part.contentType?.push(valueSlice(bytes, start, end, !continuation));
    if (capturing === 'encoding') part.transferEncoding?.push(valueSlice(bytes, start, end, !continuation));
  }
  return undefined;
}
