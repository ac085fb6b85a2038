import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type SQSClient, StartMessageMoveTaskCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeadLetterView } from '../../cli/dlq/dead-letter.ts';
import { regionOfSqsArn, startAwsRedrive } from '../../cli/dlq/redrive.ts';
import { DynamoCaseReader } from '../../functions/adapters/dynamodb/case-reader.ts';
import { ADAPTERS } from '../../functions/core/channels/index.ts';
import { createDynamoClient, createSqsClient } from '../../functions/shared/clients.ts';
import { FaultInjector } from '../../local/faults/injector.ts';
import { freePort } from '../../local/ports.ts';
import { clientSettings, sendToIntake } from '../../local/replay.ts';
import { type LocalStack, startLocalStack, writeStackInfo } from '../../local/stack.ts';
import { chatPayload } from '../helpers/factories.ts';
import { peekAll } from '../helpers/local-stack.ts';

const run = promisify(execFile);
const cli = (...args: string[]) =>
  run(process.execPath, ['bin/flashpoint.mjs', ...args], { encoding: 'utf8' });

// The text model fails every call while the fault is on: a dependency that is down, not bad input.
const faults = new FaultInjector({ seed: 1, rates: {}, slowMs: 0 });
let stack: LocalStack;
let sqs: SQSClient;
let reader: DynamoCaseReader;
let stackFile: string;

const poison = '{"conversationId": "dlq-poison", "customer": ';
const customerText = 'My order is two weeks late and nobody has called me back as promised.';
const transient = chatPayload(customerText, {
  conversationId: 'dlq-transient',
  customer: { name: 'Rae Moreno', email: 'rae@example.com' },
});

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'flashpoint-dlq-'));
  stack = await startLocalStack({
    dynamodbPort: await freePort(),
    sqsPort: 0,
    visibilityTimeoutSeconds: 1,
    logFile: join(dir, 'pipeline.log'),
    triage: { decorate: faults.decorateTriage },
    intake: { decorate: faults.decorateIntake },
  });
  stackFile = join(dir, 'stack.json');
  writeStackInfo(stackFile, stack);
  sqs = createSqsClient(clientSettings(stack));
  reader = new DynamoCaseReader(createDynamoClient(clientSettings(stack)), stack.tableName);

  await sendToIntake(sqs, stack.queues, 'chat', poison);
  faults.rates = { textModelThrottle: 1 };
  await sendToIntake(sqs, stack.queues, 'chat', transient);
  await stack.drain(60_000);
  faults.enabled = false;
});

afterAll(async () => {
  sqs?.destroy();
  await stack?.stop();
});

describe('flashpoint dlq against a running local stack', () => {
  it('lists every dead-letter queue with its depth', async () => {
    const { stdout } = await cli('dlq', 'list', '--stack', stackFile);
    expect(stdout).toMatch(/^queue\s+dead-letter queue\s+messages$/m);
    expect(stdout).toMatch(/^chatIntake\s+flashpoint-ChatIntakeDlq\s+1$/m);
    expect(stdout).toMatch(/^contacts\s+flashpoint-ContactsDlq\s+1$/m);
    expect(stdout).toMatch(/^emailIntake\s+flashpoint-EmailIntakeDlq\s+0$/m);
    // Started without a webhook: no alert-delivery queue, and the list says so instead of leaving it out silently.
    expect(stdout).not.toMatch(/^alertDelivery/m);
    expect(stdout).toContain(
      'no alertDelivery queue: it runs only when npm start is given FLASHPOINT_ALERT_WEBHOOK_URL',
    );
    const json = JSON.parse((await cli('dlq', 'list', '--json', '--stack', stackFile)).stdout) as {
      queue: string;
      messages: number;
    }[];
    expect(json.map((r) => r.queue)).toEqual([
      'emailIntake',
      'chatIntake',
      'socialIntake',
      'contacts',
      'senior',
      'normal',
    ]);
  });

  it('shows a poison message with its rejection code and reason, and without its body', async () => {
    const { stdout } = await cli('dlq', 'show', 'chatIntake', '--stack', stackFile);
    expect(stdout).toContain('chatIntake dead-letter queue: 1 message(s)');
    expect(stdout).toContain('malformed_json');
    expect(stdout).toContain('chat payload is not valid JSON');
    expect(stdout).not.toContain('dlq-poison');

    const [view] = JSON.parse(
      (await cli('dlq', 'show', 'chatIntake', '--json', '--stack', stackFile)).stdout,
    ) as DeadLetterView[];
    expect(view).toMatchObject({
      kind: 'rejected',
      rejectionCode: 'malformed_json',
      rejectionReason: expect.stringContaining('chat payload is not valid JSON'),
      sentAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      sourceMessageId: expect.any(String),
    });
    expect(view?.receiveCount).toBeGreaterThanOrEqual(1);
    expect(view).not.toHaveProperty('body');
  });

  it('includes the body only when asked to', async () => {
    const [view] = JSON.parse(
      (await cli('dlq', 'show', 'chatIntake', '--json', '--body', '--stack', stackFile)).stdout,
    ) as DeadLetterView[];
    expect(view?.body).toBe(poison);
  });

  it('leaves the messages on the queue after showing them', async () => {
    // The three `show`s above each received the message and made it visible again.
    const [left] = await peekAll(sqs, stack.queues.chatIntake.dlqUrl);
    expect(left?.Body).toBe(poison);
  });

  it('shows a message that exhausted its retries as such, with its receive count', async () => {
    const [view] = JSON.parse(
      (await cli('dlq', 'show', 'contacts', '--json', '--stack', stackFile)).stdout,
    ) as DeadLetterView[];
    expect(view).toMatchObject({ kind: 'retries_exhausted', rejectionCode: null, rejectionReason: null });
    expect(view?.receiveCount).toBeGreaterThanOrEqual(5);
    const { stdout } = await cli('dlq', 'show', 'contacts', '--stack', stackFile);
    expect(stdout).toContain('retries_exhausted');
    expect(stdout).not.toContain(customerText.slice(0, 20));
  });

  it('redrives the retried-out message once the fault is gone: it becomes a contact with a decision', async () => {
    const { id } = await ADAPTERS.chat.toContact(transient, { receivedAt: new Date().toISOString() });
    expect(await reader.decisionFor(id)).toBeUndefined();

    const { stdout } = await cli('dlq', 'redrive', 'contacts', '--stack', stackFile);
    expect(stdout).toContain('moved 1 message(s) from the contacts dead-letter queue back to contacts');
    await stack.drain(30_000);

    expect(await reader.decisionFor(id)).toMatchObject({ contactId: id });
    expect(await peekAll(sqs, stack.queues.contacts.dlqUrl)).toHaveLength(0);
    expect(faults.injected.textModelThrottle).toBeGreaterThanOrEqual(5);
  });

  it('redrives poison back to its queue, where it is rejected again with the same reason', async () => {
    const { stdout } = await cli('dlq', 'redrive', 'chatIntake', '--stack', stackFile);
    expect(stdout).toContain('moved 1 message(s)');
    expect(stdout).toContain('1 were rejected as poison and will be rejected again');
    await stack.drain(30_000);
    const again = await peekAll(sqs, stack.queues.chatIntake.dlqUrl);
    expect(again.map((m) => m.MessageAttributes?.['rejection-code']?.StringValue)).toEqual([
      'malformed_json',
    ]);
  });

  it('refuses an unknown queue with a usage error naming the queues', async () => {
    const error = await cli('dlq', 'show', 'nope', '--stack', stackFile).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 2, stderr: expect.stringContaining("unknown queue 'nope'") });
    expect((error as { stderr: string }).stderr).toContain('chatIntake');
    expect((error as { stderr: string }).stderr).toContain('alertDelivery');
  });

  it('says why there is no alertDelivery queue to show on a stack without a webhook', async () => {
    const error = await cli('dlq', 'show', 'alertDelivery', '--stack', stackFile).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 1,
      stderr:
        'flashpoint: this local stack has no alertDelivery queue: it runs only when npm start is given FLASHPOINT_ALERT_WEBHOOK_URL\n',
    });
  });
});

describe('flashpoint dlq redrive --aws (not run against AWS)', () => {
  it('starts a message move task on the DLQ, in the region of its ARN', async () => {
    const sent: StartMessageMoveTaskCommand[] = [];
    const client = {
      send: async (command: StartMessageMoveTaskCommand) => {
        sent.push(command);
        return { TaskHandle: 'handle-1' };
      },
    } as unknown as SQSClient;
    const arn = 'arn:aws:sqs:eu-west-1:123456789012:FlashpointPipeline-ContactsDlq1234';
    expect(await startAwsRedrive(client, arn, { maxPerSecond: 50 })).toBe('handle-1');
    expect(sent[0]).toBeInstanceOf(StartMessageMoveTaskCommand);
    expect(sent[0]?.input).toEqual({ SourceArn: arn, MaxNumberOfMessagesPerSecond: 50 });
    expect(regionOfSqsArn(arn)).toBe('eu-west-1');
    expect(() => regionOfSqsArn('https://sqs.eu-west-1.amazonaws.com/1/q')).toThrow('not an SQS queue ARN');
  });
});
