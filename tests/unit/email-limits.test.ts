import { describe, expect, it } from 'vitest';
import {
  checkMimeLimits,
  DEFAULT_EMAIL_LIMITS,
  sanitiseLimits,
} from '../../functions/core/channels/email/limits.ts';
import { mailboxFromText } from '../../functions/core/channels/email/mailbox.ts';
import {
  EmailRejection,
  type EmailRejectionCode,
  type ParsedEmail,
  parseEmail,
} from '../../functions/core/channels/email/parse-email.ts';
import {
  crlfInjectionMail,
  deeplyNestedMail,
  foldedHeaderMail,
  hugeMail,
  longHeaderMail,
  mailtoRedosMail,
  manyPartsMail,
  nestedMessagesMail,
  simpleMail,
} from '../fixtures/email/builders.ts';

const MB = 1024 * 1024;

async function rejectionOf(raw: Uint8Array | string, limits = DEFAULT_EMAIL_LIMITS): Promise<EmailRejection> {
  const result = await parseEmail(raw, limits);
  if (!(result instanceof EmailRejection)) throw new Error('expected a rejection, got a parsed mail');
  return result;
}

async function parseOk(raw: Uint8Array | string): Promise<ParsedEmail> {
  const result = await parseEmail(raw);
  if (result instanceof EmailRejection)
    throw new Error(`expected a parsed mail, got ${result.code}: ${result.detail}`);
  return result;
}

describe('parseEmail: hard limits, checked before postal-mime', () => {
  it('refuses a 30 MB mail as bytes and as a string', async () => {
    // Prepare
    const bytes = hugeMail(30 * MB);
    const text = `From: jane.doe@example.com\r\n\r\n${'a'.repeat(30 * MB)}`;

    // Act
    const [fromBytes, fromText] = await Promise.all([rejectionOf(bytes), rejectionOf(text)]);

    // Assess
    expect(fromBytes.code).toBe<EmailRejectionCode>('too_large');
    expect(fromBytes.detail).toBe('The mail is 31457280 bytes, over the limit of 10485760 bytes.');
    expect(fromText.code).toBe<EmailRejectionCode>('too_large');
  });

  it('refuses a mail with thousands of MIME parts', async () => {
    // Act
    const rejection = await rejectionOf(manyPartsMail(5000));

    // Assess
    expect(rejection.code).toBe<EmailRejectionCode>('too_many_parts');
    expect(rejection.detail).toBe('The mail has more than the limit of 200 MIME parts.');
  });

  it('parses a mail just under the part limit', async () => {
    // Act
    const mail = await parseOk(manyPartsMail(150));

    // Assess
    expect(mail.text.startsWith('part 0\n\npart 1\n')).toBe(true);
    expect(mail.text.endsWith('part 149')).toBe(true);
  });

  it('refuses multiparts nested 50 deep and parses them 6 deep', async () => {
    // Act
    const [deep, shallow] = await Promise.all([
      rejectionOf(deeplyNestedMail(50)),
      parseOk(deeplyNestedMail(6)),
    ]);

    // Assess
    expect(deep.code).toBe<EmailRejectionCode>('too_deep');
    expect(shallow.text).toBe('deep words');
  });

  it('refuses message/rfc822 parts nested inside each other 20 deep', async () => {
    // Act
    const rejection = await rejectionOf(nestedMessagesMail(20));

    // Assess
    expect(rejection.code).toBe<EmailRejectionCode>('too_deep');
  });

  it('scans a base64-encoded attached original again once it is decoded', async () => {
    // Prepare: the outer scan cannot see inside base64, the nesting is only visible after decoding
    const inner = Buffer.from(deeplyNestedMail(50)).toString('base64').replace(/.{76}/g, '$&\r\n');
    const raw = simpleMail(
      { From: 'support@shop.example', Subject: 'Fwd: help', 'Content-Type': 'multipart/mixed; boundary="o"' },
      [
        '--o',
        'Content-Type: message/rfc822',
        'Content-Transfer-Encoding: base64',
        '',
        inner,
        '--o--',
        '',
      ].join('\n'),
    );

    // Act
    const rejection = await rejectionOf(raw);

    // Assess
    expect(rejection.code).toBe<EmailRejectionCode>('too_deep');
  });

  it('refuses a 1 MB header line', async () => {
    // Act
    const rejection = await rejectionOf(longHeaderMail(MB));

    // Assess
    expect(rejection.code).toBe<EmailRejectionCode>('header_too_long');
  });

  it('measures a folded header after unfolding', async () => {
    // Prepare: 20 KB of 60-byte folded lines, every physical line short, the header block under 256 KB
    const raw = foldedHeaderMail(20 * 1024);

    // Act
    const rejection = await rejectionOf(raw);

    // Assess
    expect(rejection.code).toBe<EmailRejectionCode>('header_too_long');
    expect(rejection.detail).toBe('A header field is longer than the limit of 16384 bytes after unfolding.');
  });

  it('refuses a body of millions of empty lines, which would exhaust postal-mime', async () => {
    // Prepare
    const raw = `From: jane.doe@example.com\r\nSubject: x\r\n\r\n${'\n'.repeat(5 * MB)}`;

    // Act
    const rejection = await rejectionOf(raw);

    // Assess
    expect(rejection.code).toBe<EmailRejectionCode>('too_large');
    expect(rejection.detail).toBe('The mail has more than the limit of 100000 lines of unencoded text.');
  });

  it('applies limits passed by the caller', async () => {
    // Prepare
    const limits = { ...DEFAULT_EMAIL_LIMITS, maxParts: 2 };

    // Act
    const rejection = await rejectionOf(manyPartsMail(3), limits);

    // Assess
    expect(rejection.code).toBe<EmailRejectionCode>('too_many_parts');
    expect(rejection.detail).toBe('The mail has more than the limit of 2 MIME parts.');
  });

  it('falls back to the default for a limit that is not a non-negative integer', () => {
    // Act
    const limits = sanitiseLimits({ ...DEFAULT_EMAIL_LIMITS, maxParts: Number.NaN, maxDepth: -1 });

    // Assess
    expect(limits.maxParts).toBe(200);
    expect(limits.maxDepth).toBe(8);
    expect(limits.maxTextLines).toBe(100_000);
  });

  it('counts parts of an RFC 2231 continued boundary the way postal-mime reads it', () => {
    // Prepare
    const parts = Array.from({ length: 5 }, (_, i) => `--abcdef\nContent-Type: text/plain\n\npart ${i}`).join(
      '\n',
    );
    const raw = `From: a@b.example\nContent-Type: multipart/mixed; boundary*0="abc"; boundary*1="def"\n\n${parts}\n--abcdef--\n`;

    // Act
    const rejection = checkMimeLimits(
      new TextEncoder().encode(raw),
      sanitiseLimits({ ...DEFAULT_EMAIL_LIMITS, maxParts: 3 }),
    );

    // Assess
    expect(rejection?.code).toBe<EmailRejectionCode>('too_many_parts');
  });
});

describe('parseEmail: hostile and empty input', () => {
  it('keeps CR LF smuggled through encoded words and bare CR out of every field', async () => {
    // Act
    const mail = await parseOk(crlfInjectionMail());

    // Assess
    expect(mail.customer).toEqual({
      address: 'jane.doe@example.com',
      name: 'Jane Doe Bcc: attacker@evil.example',
    });
    expect(mail.subject).toBe('Refund Bcc: attacker@evil.example');
    expect(mail.messageId).toBe('<id@x>');
    expect(mail.text).toBe('My refund is three weeks late.');
    expect(mail.forwardedBy).toBeUndefined();
    const serialised = JSON.stringify(mail);
    expect(serialised).not.toContain('\\r');
    expect(serialised).not.toContain('\\n');
  });

  it('reads a 100k-character "mailto:" run in an Outlook block and body in one pass', {
    timeout: 5_000,
  }, async () => {
    // Act
    const mail = await parseOk(mailtoRedosMail(100_000));

    // Assess: the From line is not a readable sender, so the outer sender stays the customer
    expect(mail.customer).toEqual({ address: 'jane.doe@example.com', name: 'Jane Doe' });
    expect(mail.text).toBe('Please look at this.');
    expect(mailboxFromText(`Jane [${'mailto:'.repeat(15_000)}`)).toBeUndefined();
  });

  it('rejects an empty string and a mail without a From as no_sender', async () => {
    // Act
    const [empty, anonymous] = await Promise.all([
      rejectionOf(''),
      rejectionOf(simpleMail({ Subject: 'Hello' }, 'Where is my order?')),
    ]);

    // Assess
    expect(empty.code).toBe<EmailRejectionCode>('no_sender');
    expect(anonymous.code).toBe<EmailRejectionCode>('no_sender');
  });

  it('rejects a reply that only quotes earlier mail as no_text, without repeating the mail in the detail', async () => {
    // Prepare
    const raw = simpleMail(
      { From: 'jane.doe@example.com', Subject: 'Re: Order' },
      'On Mon, 3 Mar 2025 at 10:00, Shop <support@shop.example> wrote:\n> secret-quoted-words',
    );

    // Act
    const rejection = await rejectionOf(raw);

    // Assess
    expect(rejection.code).toBe<EmailRejectionCode>('no_text');
    expect(rejection.detail).not.toContain('secret-quoted-words');
  });

  it('resolves binary junk to a rejection instead of throwing', async () => {
    // Prepare
    const junk = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);

    // Act
    const result = await parseEmail(junk);

    // Assess
    expect(result).toBeInstanceOf(EmailRejection);
  });
});
