import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../functions/core/channels/email/html-to-text.ts';
import { isPlausibleAddress } from '../../functions/core/channels/email/mailbox.ts';
import {
  EmailRejection,
  type EmailRejectionCode,
  type ParsedEmail,
  parseEmail,
  UNEXPECTED_FAILURE,
} from '../../functions/core/channels/email/parse-email.ts';
import { normaliseSubject } from '../../functions/core/channels/email/threading.ts';
import { readFixture } from '../fixtures/email/builders.ts';

const CODES: EmailRejectionCode[] = [
  'too_large',
  'too_many_parts',
  'too_deep',
  'header_too_long',
  'unparseable',
  'no_sender',
  'no_text',
];

const FIXTURES = [
  'gmail-forward.eml',
  'outlook-forward.eml',
  'outlook-original-message.eml',
  'apple-forward.eml',
  'rfc822-attached.eml',
  'html-only.eml',
  'quoted-printable.eml',
  'base64-body.eml',
  'iso-8859-1.eml',
  'windows-1252.eml',
  'long-reply.eml',
].map(readFixture);

/** A result is well formed: a rejection with a known code, or a mail with a sender and words. */
function assertWellFormed(result: ParsedEmail | EmailRejection): void {
  if (result instanceof EmailRejection) {
    expect(CODES).toContain(result.code);
    // the last-resort catch means some helper threw: every rejection should come from a real check
    expect(result.detail).not.toBe(UNEXPECTED_FAILURE);
    expect(result.detail.length).toBeGreaterThan(0);
    return;
  }
  expect(isPlausibleAddress(result.customer.address)).toBe(true);
  expect(result.text.trim()).not.toBe('');
  expect(result.text).not.toContain('\r');
  expect(result.threadKey.length).toBeGreaterThan(0);
  for (const attachment of result.attachments) expect(attachment.bytes).toBeGreaterThanOrEqual(0);
}

/** Pieces that steer a MIME parser into its rarer paths when spliced into a valid mail. */
const MIME_FRAGMENTS = [
  '\r\n',
  '\n\n',
  '\r',
  '--',
  '--000000000000gmailfwd\r\n',
  '--outer-mixed--\r\n',
  'Content-Type: multipart/mixed; boundary="x"\r\n',
  'Content-Type: message/rfc822\r\n\r\n',
  'Content-Transfer-Encoding: base64\r\n',
  '=?utf-8?B?',
  '=?iso-8859-1?Q?=E9=0D=0A?=',
  '\u0000',
  '<',
  '>',
  '&#x',
  'From: ',
  '-----Original Message-----\n',
  '---------- Forwarded message ---------\n',
  'Begin forwarded message:\n',
  '> ',
  '-- \n',
  ' \t',
];

type Mutation =
  | { kind: 'insert'; at: number; fragment: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'byte'; at: number; value: number }
  | { kind: 'duplicate'; at: number; length: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    fragment: fc.constantFrom(...MIME_FRAGMENTS),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant('byte' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({
    kind: fc.constant('duplicate' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 200 }),
  }),
);

function mutate(source: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let bytes = source;
  for (const change of mutations) {
    const at = bytes.length === 0 ? 0 : change.at % bytes.length;
    const before = bytes.subarray(0, at);
    switch (change.kind) {
      case 'insert':
        bytes = Buffer.concat([before, Buffer.from(change.fragment, 'latin1'), bytes.subarray(at)]);
        break;
      case 'delete':
        bytes = Buffer.concat([before, bytes.subarray(at + change.length)]);
        break;
      case 'byte':
        bytes = Buffer.concat([before, Uint8Array.of(change.value), bytes.subarray(at + 1)]);
        break;
      case 'duplicate':
        bytes = Buffer.concat([bytes.subarray(0, at + change.length), bytes.subarray(at)]);
        break;
    }
  }
  return new Uint8Array(bytes);
}

describe('parseEmail never throws', () => {
  it('resolves any string to a parsed mail or a rejection', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 2000 }), async (raw) => {
        assertWellFormed(await parseEmail(raw));
      }),
      { numRuns: 300 },
    );
  });

  it('resolves any bytes to a parsed mail or a rejection', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4000 }), async (raw) => {
        assertWellFormed(await parseEmail(raw));
      }),
      { numRuns: 300 },
    );
  });

  it('resolves headers followed by arbitrary text to a parsed mail or a rejection', async () => {
    const headers = 'From: Jane <jane.doe@example.com>\r\nSubject: Re: x\r\n\r\n';
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 3000 }), async (body) => {
        assertWellFormed(await parseEmail(headers + body));
      }),
      { numRuns: 300 },
    );
  });

  it('resolves mutated copies of every fixture to a parsed mail or a rejection', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...FIXTURES),
        fc.array(mutation, { minLength: 1, maxLength: 8 }),
        async (fixture, mutations) => {
          assertWellFormed(await parseEmail(mutate(fixture, mutations)));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('never copies body text into a rejection detail', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.stringMatching(/^[a-z]{12}$/),
        fc.constantFrom(...FIXTURES),
        async (secret, fixture) => {
          const raw = Buffer.concat([Buffer.from(fixture).subarray(0, 200), Buffer.from(`\n${secret}\n`)]);
          const result = await parseEmail(new Uint8Array(raw), {
            maxBytes: 100,
            maxParts: 1,
            maxDepth: 0,
            maxHeaderLineBytes: 10,
            maxHeaderBytes: 10,
          });
          expect(result).toBeInstanceOf(EmailRejection);
          if (result instanceof EmailRejection) expect(result.detail).not.toContain(secret);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('text helpers on arbitrary input', () => {
  it('htmlToText never throws and never leaves a tag it understood', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 500 }), (html) => {
        const text = htmlToText(`<div>${html}</div><script>x</script>`);
        expect(text).not.toContain('<script>');
        expect(text).not.toContain('<div>');
      }),
      { numRuns: 500 },
    );
  });

  it('normaliseSubject is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (subject) => {
        const once = normaliseSubject(subject);
        expect(normaliseSubject(once)).toBe(once);
      }),
      { numRuns: 500 },
    );
  });
});
