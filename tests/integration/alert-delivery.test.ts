import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCaseReader } from '../../functions/adapters/dynamodb/case-reader.ts';
import { REJECTION_ATTRIBUTES } from '../../functions/adapters/sqs/dead-letters.ts';
import { SqsRoutingPublisher } from '../../functions/adapters/sqs/routing-publisher.ts';
import { alertNotice } from '../../functions/core/alerts/notice.ts';
import { slackMessage } from '../../functions/core/alerts/slack-message.ts';
import { ADAPTERS } from '../../functions/core/channels/index.ts';
import type { RoutingMessage } from '../../functions/core/routing/messages.ts';
import { createDynamoClient, createSnsClient, createSqsClient } from '../../functions/shared/clients.ts';
import { freePort } from '../../local/ports.ts';
import { clientSettings, sendToIntake } from '../../local/replay.ts';
import { type LocalStack, startLocalStack } from '../../local/stack.ts';
import { emailPayload } from '../helpers/factories.ts';
import { FakeWebhook } from '../helpers/fake-webhook.ts';
import { peekAll } from '../helpers/local-stack.ts';

type Alert = Extract<RoutingMessage, { kind: 'alert' }>;

const webhook = new FakeWebhook();
let stack: LocalStack;
let sqs: SQSClient;
let db: DynamoDBDocumentClient;
let reader: DynamoCaseReader;

beforeAll(async () => {
  const url = await webhook.start();
  stack = await startLocalStack({
    dynamodbPort: await freePort(),
    sqsPort: 0,
    visibilityTimeoutSeconds: 1,
    logFile: join(mkdtempSync(join(tmpdir(), 'flashpoint-alerts-')), 'pipeline.log'),
    alertWebhookUrl: url,
  });
  sqs = createSqsClient(clientSettings(stack));
  db = createDynamoClient(clientSettings(stack));
  reader = new DynamoCaseReader(db, stack.tableName);
});

afterAll(async () => {
  sqs?.destroy();
  db?.destroy();
  await stack?.stop();
  await webhook.stop();
});

/** One heated e-mail from a customer of its own, through the whole local pipeline; its stored decision. */
async function heatedCase(name: string) {
  const body = emailPayload(
    'Third time I am writing. Nobody called me back as promised. I am cancelling and calling my lawyer.',
    { messageId: `<${name}@example.com>`, from: { address: `${name}@example.com`, name } },
  );
  await sendToIntake(sqs, stack.queues, 'email', body);
  await stack.drain();
  const { id } = await ADAPTERS.email.toContact(body, { receivedAt: new Date().toISOString() });
  const decision = await reader.decisionFor(id);
  if (!decision) throw new Error(`contact ${id} was not triaged`);
  expect(decision.caseTier).toMatch(/hot|critical/);
  return decision;
}

async function alertOf(caseId: string): Promise<Alert> {
  const bodies = (await peekAll(sqs, stack.queues.senior.url)).map(
    (m) => JSON.parse(m.Body ?? '{}') as RoutingMessage,
  );
  const alert = bodies.find((m): m is Alert => m.kind === 'alert' && m.caseId === caseId);
  if (!alert) throw new Error(`no alert for ${caseId} on the senior queue`);
  return alert;
}

async function deliveryRecord(alertId: string) {
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: stack.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': `ALERT#${alertId}` },
    }),
  );
  return Items;
}

describe('alert delivery to a chat webhook on the local stack', () => {
  it('posts a hot case to the webhook exactly once, as Slack JSON linking to the inbox', async () => {
    // Act
    const decision = await heatedCase('hot-once');

    // Assess
    const alert = await alertOf(decision.caseId);
    const posts = webhook.postsFor(decision.caseId);
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body).toEqual(slackMessage(alertNotice(alert), { inboxUrl: stack.inboxUrl }));
    expect(JSON.stringify(posts[0]?.body)).toContain(
      `/#/cases/${decision.caseId}|Open the case in the inbox>`,
    );
    // The brief's words and the customer's address stay in the table and the senior queue.
    expect(JSON.stringify(posts[0]?.body)).not.toMatch(/lawyer|cancelling|hot-once@example\.com/);
    expect(await deliveryRecord(alert.alertId)).toEqual([
      expect.objectContaining({ state: 'delivered', httpStatus: 200, alertId: alert.alertId }),
    ]);
  });

  it('does not post again when SNS delivers the same notice a second time', async () => {
    // Prepare
    const decision = await heatedCase('sns-duplicate');
    const alert = await alertOf(decision.caseId);
    expect(webhook.postsFor(decision.caseId)).toHaveLength(1);
    const sns = createSnsClient(clientSettings(stack));
    const publisher = new SqsRoutingPublisher(
      sqs,
      { senior: stack.queues.senior.url, normal: stack.queues.normal.url },
      { sns, topicArn: stack.alertTopicArn },
    );

    // Act: the same alert published again, as a triage retry after a crash would
    await publisher.publish(alert);
    await stack.drain();
    sns.destroy();

    // Assess
    expect(webhook.postsFor(decision.caseId)).toHaveLength(1);
    const notices = (await peekAll(sqs, stack.alertNoticesUrl)).filter((m) =>
      (m.Body ?? '').includes(alert.alertId),
    );
    expect(notices).toHaveLength(2);
  });

  it('retries a webhook that answers 500, then delivers once', async () => {
    // Prepare
    webhook.script = [500];

    // Act
    const decision = await heatedCase('flaky-webhook');

    // Assess
    const posts = webhook.postsFor(decision.caseId);
    expect(posts.map((p) => p.status)).toEqual([500, 200]);
    expect(posts[1]?.body).toEqual(posts[0]?.body);
    const alert = await alertOf(decision.caseId);
    expect(await deliveryRecord(alert.alertId)).toEqual([expect.objectContaining({ state: 'delivered' })]);
    expect(await peekAll(sqs, stack.alertDelivery?.dlqUrl ?? '')).toEqual([]);
  });

  it('dead-letters a notice the webhook refuses with 400, with the reason, and keeps the case as stored', async () => {
    // Prepare
    webhook.script = [400];

    // Act
    const decision = await heatedCase('refused-webhook');

    // Assess
    expect(webhook.postsFor(decision.caseId).map((p) => p.status)).toEqual([400]);
    const dead = (await peekAll(sqs, stack.alertDelivery?.dlqUrl ?? '')).filter((m) =>
      (m.Body ?? '').includes(decision.caseId),
    );
    expect(dead).toHaveLength(1);
    const attributes = dead[0]?.MessageAttributes ?? {};
    expect(attributes[REJECTION_ATTRIBUTES.code]?.StringValue).toBe('webhook_rejected');
    expect(attributes[REJECTION_ATTRIBUTES.reason]?.StringValue).toBe(
      'webhook answered 400 (invalid_payload): check the webhook address and that its channel still exists, then redrive',
    );
    const stored = await reader.getCase(decision.caseId);
    expect(stored).toMatchObject({ caseId: decision.caseId, status: 'open', tier: decision.caseTier });
    const alert = await alertOf(decision.caseId);
    expect(await deliveryRecord(alert.alertId)).toEqual([]);
  });
});
