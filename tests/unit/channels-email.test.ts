import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { IgnoredMessage } from '../../functions/core/channels/adapter.ts';
import { createEmailAdapter, emailAdapter } from '../../functions/core/channels/email.ts';
import { MAX_TEXT_CHARS } from '../../functions/core/channels/normalise.ts';
import type {
  RawMailFetch,
  RawMailLocation,
  RawMailSource,
  RawMailStore,
} from '../../functions/core/channels/raw-mail.ts';
import { RejectionError } from '../../functions/core/errors.ts';
import { contactId } from '../../functions/core/ids.ts';
import { sesS3Notification, sesSnsActionNotification, snsEnvelope } from '../fixtures/channels/ses.ts';
import { manyPartsMail, readFixture, simpleMail } from '../fixtures/email/builders.ts';
import { rejection } from '../helpers/rejection.ts';

const meta = { receivedAt: '2026-11-20T10:00:00.000Z' };
const BUCKET = 'flashpoint-raw-mail';

const asRawMime = (bytes: Uint8Array | string) =>
  JSON.stringify({ rawMime: Buffer.from(bytes).toString('base64') });

/** A RawMailStore over a Map that records what was asked of it. */
class MapMailStore implements RawMailStore {
  readonly requests: { location: RawMailLocation; maxBytes: number }[] = [];
  failWith?: Error;
  constructor(readonly objects = new Map<string, Uint8Array>()) {}
  async get(location: RawMailLocation, maxBytes: number): Promise<RawMailFetch> {
    this.requests.push({ location, maxBytes });
    if (this.failWith) throw this.failWith;
    const bytes = this.objects.get(`${location.bucket}/${location.key}`);
    if (!bytes) return { status: 'missing' };
    if (bytes.length > maxBytes) return { status: 'too_large', bytes: bytes.length };
    return { status: 'found', bytes };
  }
}

function withStore(objects: Record<string, Uint8Array> = {}) {
  const store = new MapMailStore(new Map(Object.entries(objects).map(([k, v]) => [`${BUCKET}/${k}`, v])));
  const source: RawMailSource = { store, bucket: BUCKET };
  return { store, adapter: createEmailAdapter({ rawMail: source }) };
}

describe('email adapter: raw MIME in { "rawMime": "<base64>" }', () => {
  it('takes the customer, their words and their identity hints from a forwarded mail, not the forwarding inbox', async () => {
    // Act
    const contact = await emailAdapter.toContact(asRawMime(readFixture('gmail-forward.eml')), meta);

    // Assess
    expect(contact).toMatchObject({
      channel: 'email',
      sourceId: '<fwd-0001@mail.shop.example>',
      receivedAt: '2025-03-03T10:15:00.000Z',
      identity: { email: 'jane.doe@example.com', phone: '+442079460958', accountId: 'A-12345' },
      displayName: 'Jane Doe',
      subject: 'Order 123 still not delivered',
      threadKey: 'email:subject:order 123 still not delivered|jane.doe@example.com',
      isPublic: false,
      language: 'en',
    });
    expect(contact.id).toBe(contactId('email', '<fwd-0001@mail.shop.example>'));
    expect(contact.text).toBe(
      'This is the third time I am writing. Order #A-12345 has still not arrived\n' +
        'and nobody called me back.\nPlease call me on +44 20 7946 0958.',
    );
    expect(contact.text).not.toContain('handle with care');
    expect(contact).not.toHaveProperty('attachments');
  });

  it('keeps attachment metadata and threads a reply under the root of its References', async () => {
    // Act
    const contact = await emailAdapter.toContact(asRawMime(readFixture('rfc822-attached.eml')), meta);

    // Assess
    expect(contact.identity.email).toBe('ana.garcia@example.net');
    expect(contact.sourceId).toBe('<CAF-original-77@mail.example.net>');
    expect(contact.threadKey).toBe('email:<ticket-5510@shop.example>');
    expect(contact.attachments).toEqual([{ filename: 'photo.png', mimeType: 'image/png', bytes: 24 }]);
  });

  it.each([
    ['outlook-forward.eml', 'tom.baker@example.org'],
    ['apple-forward.eml', 'lee.chen@example.com'],
    ['iso-8859-1.eml', 'francois.lefevre@example.fr'],
    ['base64-body.eml', 'anna.mueller@example.de'],
    ['quoted-printable.eml', 'jose.garcia@example.es'],
    ['html-only.eml', 'kim.lee@example.com'],
  ])('reads %s as a contact from %s', async (fixture, address) => {
    const contact = await emailAdapter.toContact(asRawMime(readFixture(fixture)), meta);
    expect(contact.identity.email).toBe(address);
    expect(contact.text.length).toBeGreaterThan(0);
  });

  it('gives the same id to the same mail sent as rawMime and as a bare raw body', async () => {
    // Prepare
    const raw = readFixture('outlook-forward.eml');

    // Act
    const viaBase64 = await emailAdapter.toContact(asRawMime(raw), meta);
    const viaBody = await emailAdapter.toContact(Buffer.from(raw).toString('utf8'), meta);

    // Assess
    expect(viaBody.id).toBe(viaBase64.id);
    expect(viaBody.text).toBe(viaBase64.text);
  });

  it('names a mail without Message-ID by the hash of its bytes: same bytes, same id; other bytes, another', async () => {
    // Prepare
    const mail = (body: string) => simpleMail({ From: 'Pat Doe <pat@example.com>', Subject: 'Refund' }, body);
    const first = mail('My refund is three weeks late.');

    // Act
    const a = await emailAdapter.toContact(asRawMime(first), meta);
    const again = await emailAdapter.toContact(asRawMime(first), { receivedAt: '2026-12-01T00:00:00Z' });
    const other = await emailAdapter.toContact(asRawMime(mail('My refund is four weeks late.')), meta);

    // Assess
    expect(a.sourceId).toBe(`sha256:${createHash('sha256').update(first).digest('hex')}`);
    expect(again.id).toBe(a.id);
    expect(other.id).not.toBe(a.id);
    // no Date header: when the queue received it
    expect(a.receivedAt).toBe(meta.receivedAt);
  });

  it('cuts the text to what a Contact keeps', async () => {
    const words = Array.from({ length: 4_000 }, (_, i) => `Line ${i} of my complaint, still not fixed.`).join(
      '\n',
    );
    const contact = await emailAdapter.toContact(
      asRawMime(simpleMail({ From: 'pat@example.com', 'Message-ID': '<long@example.com>' }, words)),
      meta,
    );
    expect(contact.text.length).toBe(MAX_TEXT_CHARS);
    expect(contact.text.startsWith('Line 0 of my complaint')).toBe(true);
  });

  it.each([
    ['too_many_parts', () => manyPartsMail(500)],
    ['no_sender', () => simpleMail({ Subject: 'hello', 'Message-ID': '<x@y.z>' }, 'Where is my order?')],
    ['no_text', () => simpleMail({ From: 'pat@example.com', Subject: 'Re: x' }, '> only a quote\n')],
  ])('dead-letters a mail the parser refuses with its code %s', async (code, mail) => {
    const error = await rejection(emailAdapter.toContact(asRawMime(mail()), meta));
    expect(error.code).toBe(code);
    expect(error.reason.length).toBeGreaterThan(0);
  });

  it('refuses rawMime that is not base64, and an empty one', async () => {
    expect((await rejection(emailAdapter.toContact('{"rawMime":"not base64!"}', meta))).code).toBe(
      'invalid_base64',
    );
    expect((await rejection(emailAdapter.toContact('{"rawMime":""}', meta))).code).toBe('invalid_field');
  });

  it('still reads the JSON mail and names its missing field', async () => {
    const error = await rejection(emailAdapter.toContact(JSON.stringify({ messageId: '<a@b.c>' }), meta));
    expect(error.code).toBe('missing_field');
    expect(error.reason).toContain("email payload field 'from'");
  });
});

describe('email adapter: SES notifications through SNS', () => {
  const key = 'inbound/0ab1cd2ef3';
  const gmail = readFixture('gmail-forward.eml');

  it('fetches the stored mail named by an S3-action notification in its SNS envelope', async () => {
    // Prepare
    const { store, adapter } = withStore({ [key]: gmail });
    const body = JSON.stringify(snsEnvelope(sesS3Notification({ bucket: BUCKET, key })));

    // Act
    const contact = await adapter.toContact(body, meta);

    // Assess
    expect(store.requests).toEqual([{ location: { bucket: BUCKET, key }, maxBytes: 10 * 1024 * 1024 }]);
    expect(contact).toEqual(await emailAdapter.toContact(asRawMime(gmail), meta));
  });

  it('reads the same notification delivered bare (raw message delivery on)', async () => {
    const { adapter } = withStore({ [key]: gmail });
    const contact = await adapter.toContact(JSON.stringify(sesS3Notification({ bucket: BUCKET, key })), meta);
    expect(contact.identity.email).toBe('jane.doe@example.com');
  });

  it("falls back to SES's receipt time when the mail has no Date of its own", async () => {
    // Prepare
    const undated = new TextEncoder().encode(
      simpleMail({ From: 'pat@example.com', 'Message-ID': '<undated@x.y>' }, 'Still no refund.'),
    );
    const { adapter } = withStore({ [key]: undated });
    const body = JSON.stringify(
      snsEnvelope(sesS3Notification({ bucket: BUCKET, key, receivedAt: '2026-11-19T08:00:00.000Z' })),
    );

    // Act / Assess
    expect((await adapter.toContact(body, meta)).receivedAt).toBe('2026-11-19T08:00:00.000Z');
  });

  it('reads the mail inside an SNS-action notification, base64 or UTF-8', async () => {
    const base64 = sesSnsActionNotification(Buffer.from(gmail).toString('base64'), 'BASE64');
    const utf8 = sesSnsActionNotification(Buffer.from(gmail).toString('utf8'), 'UTF8');
    const a = await emailAdapter.toContact(JSON.stringify(snsEnvelope(base64)), meta);
    const b = await emailAdapter.toContact(JSON.stringify(snsEnvelope(utf8)), meta);
    expect(a.id).toBe(b.id);
    expect(a.identity.email).toBe('jane.doe@example.com');
  });

  it.each([
    [
      'raw_mail_missing',
      'a key with nothing stored',
      () => sesS3Notification({ bucket: BUCKET, key: 'inbound/gone' }),
    ],
    ['unexpected_bucket', 'another bucket', () => sesS3Notification({ bucket: 'someone-elses-bucket', key })],
    [
      'virus_detected',
      'a failed virus verdict',
      () => sesS3Notification({ bucket: BUCKET, key, virus: 'FAIL' }),
    ],
    [
      'unsupported_notification',
      'a Bounce notification',
      () => sesS3Notification({ bucket: BUCKET, key, notificationType: 'Bounce' }),
    ],
  ])('dead-letters %s for %s', async (code, _what, notification) => {
    const { adapter } = withStore({ [key]: gmail });
    const error = await rejection(adapter.toContact(JSON.stringify(snsEnvelope(notification())), meta));
    expect(error.code).toBe(code);
  });

  it('refuses a stored mail over the size limit without reading it', async () => {
    // Prepare
    const { store } = withStore({ [key]: new Uint8Array(2_000) });
    const adapter = createEmailAdapter({
      rawMail: { store, bucket: BUCKET },
      limits: {
        maxBytes: 1_000,
        maxParts: 10,
        maxDepth: 3,
        maxHeaderLineBytes: 1_000,
        maxHeaderBytes: 1_000,
      },
    });

    // Act
    const error = await rejection(
      adapter.toContact(JSON.stringify(snsEnvelope(sesS3Notification({ bucket: BUCKET, key }))), meta),
    );

    // Assess
    expect(error.code).toBe('too_large');
    expect(error.reason).toBe('The mail is 2000 bytes, over the limit of 1000 bytes.');
    expect(store.requests[0]?.maxBytes).toBe(1_000);
  });

  it('refuses an S3 notification when no raw-mail bucket is configured, saying which setting is missing', async () => {
    const error = await rejection(
      emailAdapter.toContact(JSON.stringify(snsEnvelope(sesS3Notification({ bucket: BUCKET, key }))), meta),
    );
    expect(error.code).toBe('raw_mail_unavailable');
    expect(error.reason).toContain('RAW_MAIL_BUCKET');
  });

  it('refuses other SNS message types and an envelope whose Message is not JSON', async () => {
    const confirmation = snsEnvelope({ Token: 'x' }, 'SubscriptionConfirmation');
    expect((await rejection(emailAdapter.toContact(JSON.stringify(confirmation), meta))).code).toBe(
      'unsupported_notification',
    );
    const garbled = JSON.stringify(snsEnvelope('{"notificationType": '));
    const error = await rejection(emailAdapter.toContact(garbled, meta));
    expect(error.code).toBe('malformed_json');
    expect(error.reason).toContain('SNS envelope Message is not valid JSON');
  });

  it('refuses a receipt action that stores no mail (Lambda, Bounce…)', async () => {
    const notification = sesS3Notification({ bucket: BUCKET, key });
    const lambda = { ...notification, receipt: { action: { type: 'Lambda', functionArn: 'arn:x' } } };
    const error = await rejection(emailAdapter.toContact(JSON.stringify(snsEnvelope(lambda)), meta));
    expect(error.code).toBe('unsupported_notification');
    expect(error.reason).toContain("'Lambda'");
  });

  it("ignores SES's setup notification instead of dead-lettering it", async () => {
    const { adapter } = withStore();
    const setup = sesS3Notification({ bucket: BUCKET, key: 'inbound/AMAZON_SES_SETUP_NOTIFICATION' });
    const error = await adapter.toContact(JSON.stringify(snsEnvelope(setup)), meta).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IgnoredMessage);
    expect(error).toMatchObject({ code: 'ses_setup_notification' });
  });

  it('lets a store failure through as a retryable error, not a rejection', async () => {
    const { store, adapter } = withStore({ [key]: gmail });
    store.failWith = Object.assign(new Error('slow down'), { name: 'SlowDown' });
    const error = await adapter
      .toContact(JSON.stringify(snsEnvelope(sesS3Notification({ bucket: BUCKET, key }))), meta)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'SlowDown' });
    expect(error).not.toBeInstanceOf(RejectionError);
  });
});

describe('flashpoint explain --channel email on a raw .eml file', () => {
  it('scores the customer of a forwarded mail file', async () => {
    // Act
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['bin/flashpoint.mjs', 'explain', '--channel', 'email', 'tests/fixtures/email/gmail-forward.eml'],
      { encoding: 'utf8' },
    );

    // Assess
    const out = JSON.parse(stdout) as {
      contact: { identity: { email: string }; text: string };
      tier: string;
    };
    expect(out.contact.identity.email).toBe('jane.doe@example.com');
    expect(out.contact.text).toContain('This is the third time I am writing.');
    expect(out.tier).toMatch(/calm|warm|hot|critical/);
  });
});
