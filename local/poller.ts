import { randomUUID } from 'node:crypto';
import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import type { SqsHandler } from '../functions/shared/sqs-batch.ts';

export interface PollerOptions {
  readonly name: string;
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly region: string;
  readonly handler: SqsHandler;
  readonly batchSize: number;
  readonly timeoutSeconds: number;
  /** Long-poll wait: short so that stop() returns quickly. */
  readonly waitTimeSeconds?: number;
  /** Concurrent receive loops, like the several pollers Lambda runs per event source mapping. */
  readonly concurrency?: number;
  readonly onError?: (error: unknown) => void;
}

/**
 * Behaves like Lambda's SQS event source mapping: receive up to batchSize, invoke the handler with a
 * real SQSEvent, delete what succeeded, leave batchItemFailures (or the whole batch, if the handler
 * throws) to reappear after the visibility timeout, so the queue's redrive policy dead-letters them
 * after maxReceiveCount receives.
 */
export class EventSourcePoller {
  private running = false;
  private loops: Promise<void>[] = [];
  private inFlight = 0;

  constructor(private readonly o: PollerOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loops = Array.from({ length: this.o.concurrency ?? 1 }, () => this.run());
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  get busy(): boolean {
    return this.inFlight > 0;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const { Messages = [] } = await this.o.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: this.o.queueUrl,
            MaxNumberOfMessages: this.o.batchSize,
            WaitTimeSeconds: this.o.waitTimeSeconds ?? 1,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
        );
        if (Messages.length > 0) await this.invoke(Messages);
      } catch (error) {
        this.o.onError?.(error);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  private async invoke(messages: Message[]): Promise<void> {
    this.inFlight++;
    try {
      const event: SQSEvent = { Records: messages.map((m) => this.toRecord(m)) };
      let failed: Set<string>;
      try {
        const response = await this.o.handler(event, this.context());
        failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
      } catch (error) {
        // Lambda treats a throw as "the whole batch failed": nothing is deleted.
        this.o.onError?.(error);
        return;
      }
      const done = messages.filter((m) => m.MessageId && !failed.has(m.MessageId));
      if (done.length > 0) {
        await this.o.sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: this.o.queueUrl,
            Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })),
          }),
        );
      }
    } finally {
      this.inFlight--;
    }
  }

  private toRecord(m: Message): SQSRecord {
    const a = m.Attributes ?? {};
    return {
      messageId: m.MessageId ?? '',
      receiptHandle: m.ReceiptHandle ?? '',
      body: m.Body ?? '',
      attributes: {
        ApproximateReceiveCount: a.ApproximateReceiveCount ?? '1',
        SentTimestamp: a.SentTimestamp ?? String(Date.now()),
        SenderId: a.SenderId ?? 'local',
        ApproximateFirstReceiveTimestamp: a.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      },
      messageAttributes: Object.fromEntries(
        Object.entries(m.MessageAttributes ?? {}).map(([k, v]) => [
          k,
          {
            dataType: v.DataType ?? 'String',
            stringValue: v.StringValue,
            stringListValues: [],
            binaryListValues: [],
          },
        ]),
      ),
      md5OfBody: m.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: this.o.queueArn,
      awsRegion: this.o.region,
    };
  }

  private context(): Context {
    const started = Date.now();
    const deadline = started + this.o.timeoutSeconds * 1000;
    return {
      callbackWaitsForEmptyEventLoop: false,
      functionName: this.o.name,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:${this.o.region}:000000000000:function:${this.o.name}`,
      memoryLimitInMB: '512',
      awsRequestId: randomUUID(),
      logGroupName: `/aws/lambda/${this.o.name}`,
      logStreamName: 'local',
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      done: () => undefined,
      fail: () => undefined,
      succeed: () => undefined,
    };
  }
}
