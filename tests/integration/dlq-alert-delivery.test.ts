import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeadLetterView } from '../../cli/dlq/dead-letter.ts';
import { DynamoCaseReader } from '../../functions/adapters/dynamodb/case-reader.ts';
import { ADAPTERS } from '../../functions/core/channels/index.ts';
import type { RoutingMessage } from '../../functions/core/routing/messages.ts';
import { createDynamoClient, createSqsClient } from '../../functions/shared/clients.ts';
import { freePort } from '../../local/ports.ts';
import { clientSettings, sendToIntake } from '../../local/replay.ts';
import { type LocalStack, startLocalStack, writeStackInfo } from '../../local/stack.ts';
import { emailPayload } from '../helpers/factories.ts';
import { FakeWebhook } from '../helpers/fake-webhook.ts';
import { peekAll } from '../helpers/local-stack.ts';

const run = promisify(execFile);
const cli = (...args: string[]) =>
  run(process.execPath, ['bin/flashpoint.mjs', ...args], { encoding: 'utf8' });

const webhook = new FakeWebhook();
let stack: LocalStack;
let sqs: SQSClient;
let db: DynamoDBDocumentClient;
let stackFile: string;
let caseId: string;

beforeAll(async () => {
  const url = await webhook.start();
  const dir = mkdtempSync(join(tmpdir(), 'flashpoint-dlq-alerts-'));
  stack = await startLocalStack({
    dynamodbPort: await freePort(),
    sqsPort: 0,
    visibilityTimeoutSeconds: 1,
    logFile: join(dir, 'pipeline.log'),
    alertWebhookUrl: url,
  });
  stackFile = join(dir, 'stack.json');
  writeStackInfo(stackFile, stack);
  sqs = createSqsClient(clientSettings(stack));
  db = createDynamoClient(clientSettings(stack));

  // The webhook refuses the first post (a channel archived, a URL mistyped): poison, dead-lettered at once.
  webhook.script = [400];
  const body = emailPayload(
    'Third time I am writing. Nobody called me back as promised. I am cancelling and calling my lawyer.',
    { messageId: '<dlq-alert@example.com>', from: { address: 'dlq-alert@example.com', name: 'Ines Park' } },
  );
  await sendToIntake(sqs, stack.queues, 'email', body);
  await stack.drain();
  const { id } = await ADAPTERS.email.toContact(body, { receivedAt: new Date().toISOString() });
  const decision = await new DynamoCaseReader(db, stack.tableName).decisionFor(id);
  if (!decision) throw new Error(`contact ${id} was not triaged`);
  caseId = decision.caseId;
});

afterAll(async () => {
  sqs?.destroy();
  db?.destroy();
  await stack?.stop();
  await webhook.stop();
});

describe('flashpoint dlq and the alert-delivery queue of a local stack with a webhook', () => {
  it('writes the alert-delivery queue into the stack file', () => {
    const file = JSON.parse(readFileSync(stackFile, 'utf8')) as { alertDelivery?: unknown };
    expect(file.alertDelivery).toEqual(stack.alertDelivery);
    expect(stack.alertDelivery?.dlqUrl).toMatch(/flashpoint-AlertDeliveryDlq$/);
  });

  it('lists the alert-delivery DLQ after the pipeline queues, with its depth', async () => {
    const { stdout } = await cli('dlq', 'list', '--stack', stackFile);
    expect(stdout).toMatch(/^alertDelivery\s+flashpoint-AlertDeliveryDlq\s+1$/m);
    expect(stdout).not.toContain('no alertDelivery queue');
    const rows = JSON.parse((await cli('dlq', 'list', '--json', '--stack', stackFile)).stdout) as {
      queue: string;
      messages: number;
    }[];
    expect(rows.at(-1)).toEqual({
      queue: 'alertDelivery',
      deadLetterQueue: 'flashpoint-AlertDeliveryDlq',
      messages: 1,
    });
  });

  it("shows the refused notice with the webhook's answer as its reason, and without its body", async () => {
    const { stdout } = await cli('dlq', 'show', 'alertDelivery', '--stack', stackFile);
    expect(stdout).toContain('alertDelivery dead-letter queue: 1 message(s)');
    expect(stdout).toContain('webhook_rejected');
    expect(stdout).toContain('webhook answered 400 (invalid_payload)');
    expect(stdout).not.toContain(caseId);

    const views = JSON.parse(
      (await cli('dlq', 'show', 'alertDelivery', '--json', '--body', '--stack', stackFile)).stdout,
    ) as DeadLetterView[];
    expect(views).toHaveLength(1);
    expect(views[0]).toMatchObject({ kind: 'rejected', rejectionCode: 'webhook_rejected' });
    expect(views[0]?.body).toContain(caseId);
  });

  it('redrives the notice once the webhook accepts again: posted once more, recorded delivered, DLQ empty', async () => {
    expect(webhook.postsFor(caseId).map((p) => p.status)).toEqual([400]);

    const { stdout } = await cli('dlq', 'redrive', 'alertDelivery', '--stack', stackFile);
    expect(stdout).toBe(
      'moved 1 message(s) from the alertDelivery dead-letter queue back to alertDelivery (1 had been refused by the webhook: posted again, and refused again unless the webhook or its channel was fixed)\n',
    );
    await stack.drain();

    expect(webhook.postsFor(caseId).map((p) => p.status)).toEqual([400, 200]);
    expect(await peekAll(sqs, stack.alertDelivery?.dlqUrl ?? '')).toEqual([]);
    const alertId = await alertIdOf(caseId);
    const { Item } = await db.send(
      new GetCommand({ TableName: stack.tableName, Key: { PK: `ALERT#${alertId}`, SK: 'DELIVERY#webhook' } }),
    );
    expect(Item).toMatchObject({ state: 'delivered', httpStatus: 200 });
  });
});

/** The alertId of the case's alert, from the senior queue that carries every alert with its brief. */
async function alertIdOf(id: string): Promise<string> {
  const alert = (await peekAll(sqs, stack.queues.senior.url))
    .map((m) => JSON.parse(m.Body ?? '{}') as RoutingMessage)
    .find((m) => m.kind === 'alert' && m.caseId === id);
  if (alert?.kind !== 'alert') throw new Error(`no alert for case ${id} on the senior queue`);
  return alert.alertId;
}
