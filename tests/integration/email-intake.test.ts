import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCaseReader } from '../../functions/adapters/dynamodb/case-reader.ts';
import { createS3Client, S3RawMailStore } from '../../functions/adapters/s3/raw-mail-store.ts';
import { REJECTION_ATTRIBUTES } from '../../functions/adapters/sqs/dead-letters.ts';
import { ADAPTERS } from '../../functions/core/channels/index.ts';
import { createDynamoClient, createSqsClient } from '../../functions/shared/clients.ts';
import { clientSettings } from '../../local/replay.ts';
import type { LocalStack } from '../../local/stack.ts';
import { sesS3Notification, snsEnvelope } from '../fixtures/channels/ses.ts';
import { readFixture } from '../fixtures/email/builders.ts';
import { peekAll, startTestStack } from '../helpers/local-stack.ts';

let stack: LocalStack & { logFile: string };
let sqs: SQSClient;
let s3: S3Client;
let db: DynamoDBDocumentClient;
let reader: DynamoCaseReader;

beforeAll(async () => {
  stack = await startTestStack();
  sqs = createSqsClient(clientSettings(stack));
  db = createDynamoClient(clientSettings(stack));
  // fauxqs serves S3 on the same endpoint as SQS
  s3 = createS3Client({ region: stack.region, endpoint: stack.sqsEndpoint });
  reader = new DynamoCaseReader(db, stack.tableName);
});

afterAll(async () => {
  sqs?.destroy();
  s3?.destroy();
  db?.destroy();
  await stack?.stop();
});

/** What SES's S3 action does: the raw mail into the bucket under inbound/. */
async function storeMail(key: string, bytes: Uint8Array): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: stack.rawMailBucket, Key: key, Body: bytes }));
}

async function sendToEmailQueue(body: unknown): Promise<void> {
  await sqs.send(
    new SendMessageCommand({ QueueUrl: stack.queues.emailIntake.url, MessageBody: JSON.stringify(body) }),
  );
}

/** The contact id the pipeline gives a mail: the adapter is pure, so the same bytes as rawMime predict it. */
async function contactIdOf(raw: Uint8Array): Promise<string> {
  const body = JSON.stringify({ rawMime: Buffer.from(raw).toString('base64') });
  return (await ADAPTERS.email.toContact(body, { receivedAt: new Date().toISOString() })).id;
}

describe('SES-stored mail through the local email intake', () => {
  it('fetches the .eml named by an SES notification from the bucket; the customer becomes a contact in DynamoDB', async () => {
    // Prepare
    const raw = readFixture('gmail-forward.eml');
    await storeMail('inbound/ses-0001', raw);

    // Act
    await sendToEmailQueue(
      snsEnvelope(sesS3Notification({ bucket: stack.rawMailBucket, key: 'inbound/ses-0001' })),
    );
    await stack.drain();

    // Assess
    const id = await contactIdOf(raw);
    const { Item } = await db.send(
      new GetCommand({ TableName: stack.tableName, Key: { PK: `CONTACT#${id}`, SK: 'CONTACT' } }),
    );
    expect(Item).toBeDefined();
    expect(await reader.decisionFor(id)).toMatchObject({ contactId: id });
    expect(await peekAll(sqs, stack.queues.emailIntake.dlqUrl)).toEqual([]);
  });

  it('reads the envelope a real SNS subscription delivers (raw message delivery off)', async () => {
    // Prepare: a topic subscribed to the email intake queue, as the email-ingress construct wires it
    const raw = readFixture('apple-forward.eml');
    await storeMail('inbound/ses-0002', raw);
    const sns = new SNSClient({
      region: stack.region,
      endpoint: stack.sqsEndpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    try {
      const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'flashpoint-ses-notifications' }));
      await sns.send(
        new SubscribeCommand({
          TopicArn,
          Protocol: 'sqs',
          Endpoint: stack.queues.emailIntake.arn,
          Attributes: { RawMessageDelivery: 'false' },
        }),
      );

      // Act
      await sns.send(
        new PublishCommand({
          TopicArn,
          Message: JSON.stringify(
            sesS3Notification({ bucket: stack.rawMailBucket, key: 'inbound/ses-0002' }),
          ),
        }),
      );
      await stack.drain();
    } finally {
      sns.destroy();
    }

    // Assess
    expect(await reader.decisionFor(await contactIdOf(raw))).toBeDefined();
  });

  it('dead-letters a notification whose mail is not in the bucket, with the reason', async () => {
    // Prepare
    const notification = snsEnvelope(
      sesS3Notification({ bucket: stack.rawMailBucket, key: 'inbound/never-stored' }),
    );

    // Act
    await sendToEmailQueue(notification);
    await stack.drain();

    // Assess
    const dead = await peekAll(sqs, stack.queues.emailIntake.dlqUrl);
    expect(dead).toHaveLength(1);
    expect(JSON.parse(dead[0]?.Body ?? '{}')).toEqual(notification);
    expect(dead[0]?.MessageAttributes?.[REJECTION_ATTRIBUTES.code]?.StringValue).toBe('raw_mail_missing');
    expect(dead[0]?.MessageAttributes?.[REJECTION_ATTRIBUTES.reason]?.StringValue).toContain(
      `s3://${stack.rawMailBucket}/inbound/never-stored`,
    );
  });
});

describe('S3RawMailStore against fauxqs S3', () => {
  it('returns the bytes, reports a missing key, and refuses an object over the limit before reading it', async () => {
    // Prepare
    const store = new S3RawMailStore(s3);
    const bytes = readFixture('outlook-forward.eml');
    await storeMail('inbound/store-1', bytes);
    const location = { bucket: stack.rawMailBucket, key: 'inbound/store-1' };

    // Act
    const found = await store.get(location, 1024 * 1024);
    const missing = await store.get({ ...location, key: 'inbound/none' }, 1024 * 1024);
    const tooLarge = await store.get(location, 100);

    // Assess
    expect(found).toEqual({ status: 'found', bytes: new Uint8Array(bytes) });
    expect(missing).toEqual({ status: 'missing' });
    expect(tooLarge).toEqual({ status: 'too_large', bytes: bytes.length });
  });
});
