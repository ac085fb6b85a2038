import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Message, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoCaseReader } from '../../functions/adapters/dynamodb/case-reader.ts';
import type { TextModel } from '../../functions/core/scoring/text-model.ts';
import { createDynamoClient, createSqsClient } from '../../functions/shared/clients.ts';
import { defaultTextModel } from '../../functions/shared/text-model.ts';
import { inspectLocalQueue } from '../../local/inspect-queue.ts';
import { freePort } from '../../local/ports.ts';
import { clientSettings } from '../../local/replay.ts';
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../../local/stack.ts';

/** Texts containing this marker make the text model throw: a dependency that never recovers. */
export const ALWAYS_FAILS = 'FAULT-INJECT-ALWAYS';

function failingOn(marker: string, inner: TextModel): TextModel {
  return {
    name: inner.name,
    async scoreBatch(texts, language) {
      if (texts.some((t) => t.includes(marker))) throw new Error('injected text-model failure');
      return inner.scoreBatch(texts, language);
    },
  };
}

/** A local stack on free ports with a 1 s visibility timeout, so redelivery takes seconds. */
export async function startTestStack(
  extra: Pick<LocalStackOptions, 'roster' | 'sweeperClock'> = {},
): Promise<LocalStack & { logFile: string }> {
  const logFile = join(mkdtempSync(join(tmpdir(), 'flashpoint-it-')), 'pipeline.log');
  const stack = await startLocalStack({
    dynamodbPort: await freePort(),
    sqsPort: 0,
    visibilityTimeoutSeconds: 1,
    logFile,
    triage: { textModel: failingOn(ALWAYS_FAILS, defaultTextModel()) },
    ...extra,
  });
  return Object.assign(stack, { logFile });
}

/** Every message currently on a queue, read without consuming it. */
export async function peekAll(sqs: SQSClient, queueUrl: string): Promise<Message[]> {
  // A FIFO queue (the senior queue) shows only each group's first message to ReceiveMessage.
  if (queueUrl.endsWith('.fifo')) return inspectLocalQueue(queueUrl);
  const seen = new Map<string, Message>();
  for (let i = 0; i < 5; i++) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 0,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      }),
    );
    for (const m of Messages) if (m.MessageId) seen.set(m.MessageId, m);
  }
  return [...seen.values()];
}

export interface TestStackClients {
  readonly stack: LocalStack & { logFile: string };
  readonly sqs: SQSClient;
  readonly db: DynamoDBDocumentClient;
  readonly reader: DynamoCaseReader;
  /** Every item of one partition of the table, as stored. */
  partition(pk: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/** A test stack with the real SDK clients pointed at it; `close()` releases both and stops the stack. */
export async function openTestStack(
  extra: Pick<LocalStackOptions, 'roster' | 'sweeperClock'> = {},
): Promise<TestStackClients> {
  const stack = await startTestStack(extra);
  const sqs = createSqsClient(clientSettings(stack));
  const db = createDynamoClient(clientSettings(stack));
  return {
    stack,
    sqs,
    db,
    reader: new DynamoCaseReader(db, stack.tableName),
    async partition(pk) {
      const { Items = [] } = await db.send(
        new QueryCommand({
          TableName: stack.tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': pk },
        }),
      );
      return Items;
    },
    async close() {
      sqs.destroy();
      db.destroy();
      await stack.stop();
    },
  };
}
