import { describe, expect, it } from 'vitest';
import { createEmailAdapter } from '../../functions/core/channels/email.ts';
import type { RawMailFetch, RawMailLocation, RawMailStore } from '../../functions/core/channels/raw-mail.ts';
import { createIntakeHandler } from '../../functions/intake/create-handler.ts';
import { sesS3Notification, snsEnvelope } from '../fixtures/channels/ses.ts';
import { readFixture } from '../fixtures/email/builders.ts';
import { lambdaContext, sqsEvent, sqsRecord } from '../helpers/factories.ts';
import { quietObservability, RecordingContactQueue, RecordingDeadLetters } from '../helpers/fakes.ts';

const BUCKET = 'raw-mail-bucket';

class FakeStore implements RawMailStore {
  failing = false;
  constructor(private readonly objects: Record<string, Uint8Array>) {}
  async get(location: RawMailLocation): Promise<RawMailFetch> {
    if (this.failing) throw Object.assign(new Error('throttled'), { name: 'SlowDown' });
    const bytes = location.bucket === BUCKET ? this.objects[location.key] : undefined;
    return bytes ? { status: 'found', bytes } : { status: 'missing' };
  }
}

function setup(objects: Record<string, Uint8Array> = {}) {
  const contacts = new RecordingContactQueue();
  const deadLetters = new RecordingDeadLetters();
  const store = new FakeStore(objects);
  const handler = createIntakeHandler({
    adapter: createEmailAdapter({ rawMail: { store, bucket: BUCKET } }),
    contacts,
    deadLetters,
    ...quietObservability(),
  });
  return { contacts, deadLetters, store, handler };
}

/** An SQS record as SNS delivers an SES notification to the email intake queue. */
function notificationRecord(
  key: string,
  overrides: Parameters<typeof sesS3Notification>[0] = { bucket: BUCKET, key },
) {
  return sqsRecord(JSON.stringify(snsEnvelope(sesS3Notification(overrides))));
}

describe('email intake handler with SES notifications', () => {
  it('turns a notification into a contact and dead-letters a bad one with the parser code, in one batch', async () => {
    // Prepare
    const { contacts, deadLetters, handler } = setup({
      'inbound/good': readFixture('outlook-forward.eml'),
      'inbound/empty': new TextEncoder().encode('Subject: nothing\r\n\r\nhello'),
    });
    const good = notificationRecord('inbound/good');
    const noSender = notificationRecord('inbound/empty');
    const missing = notificationRecord('inbound/gone');

    // Act
    const response = await handler(sqsEvent(good, noSender, missing), lambdaContext());

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(contacts.sent.map((c) => c.identity.email)).toEqual(['tom.baker@example.org']);
    // records are processed in parallel: compare without order
    expect(deadLetters.rejected.map((r) => [r.messageId, r.code]).sort()).toEqual(
      [
        [noSender.messageId, 'no_sender'],
        [missing.messageId, 'raw_mail_missing'],
      ].sort(),
    );
    // the DLQ keeps the notification itself, so a redrive fetches the mail again
    expect(deadLetters.rejected.find((r) => r.code === 'no_sender')?.body).toBe(noSender.body);
  });

  it("neither queues nor dead-letters SES's setup notification", async () => {
    const { contacts, deadLetters, handler } = setup();
    const record = notificationRecord('x', { bucket: BUCKET, key: 'inbound/AMAZON_SES_SETUP_NOTIFICATION' });

    const response = await handler(sqsEvent(record), lambdaContext());

    expect(response.batchItemFailures).toEqual([]);
    expect(contacts.sent).toEqual([]);
    expect(deadLetters.rejected).toEqual([]);
  });

  it('reports the record for retry when S3 fails, instead of dead-lettering it', async () => {
    const { store, deadLetters, handler } = setup({ 'inbound/good': readFixture('outlook-forward.eml') });
    const flaky = notificationRecord('inbound/good');
    const raw = sqsRecord(Buffer.from(readFixture('apple-forward.eml')).toString('utf8'));
    store.failing = true;

    const response = await handler(sqsEvent(flaky, raw), lambdaContext());

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: flaky.messageId }]);
    expect(deadLetters.rejected).toEqual([]);
  });
});
