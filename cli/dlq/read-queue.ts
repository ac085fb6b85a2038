import {
  ChangeMessageVisibilityBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';

export interface ReadQueueOptions {
  /**
   * How long each message stays hidden while the queue is read. Hidden messages cannot come back in
   * the same read, so each is seen once however many thousands there are (visibility 0 would hand
   * the same few out again and again).
   */
  readonly hideSeconds: number;
  /** Make every message visible again afterwards (a look, not a take). */
  readonly release: boolean;
  readonly max?: number;
}

/**
 * Every message on a queue, each once. Every read counts as one receive on each message (SQS has no
 * other way to look), so never point it at a queue whose consumer counts receives towards its DLQ.
 */
export async function readQueue(sqs: SQSClient, queueUrl: string, o: ReadQueueOptions): Promise<Message[]> {
  const seen = new Map<string, Message>();
  const max = o.max ?? Number.POSITIVE_INFINITY;
  try {
    while (seen.size < max) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: Math.min(10, max - seen.size),
          VisibilityTimeout: o.hideSeconds,
          WaitTimeSeconds: 0,
          MessageAttributeNames: ['All'],
          MessageSystemAttributeNames: ['All'],
        }),
      );
      if (Messages.length === 0) break;
      for (const m of Messages) if (m.MessageId) seen.set(m.MessageId, m);
    }
  } finally {
    if (o.release) await releaseMessages(sqs, queueUrl, [...seen.values()]);
  }
  return [...seen.values()];
}

/** Makes received messages visible again at once instead of after their visibility timeout. */
export async function releaseMessages(sqs: SQSClient, queueUrl: string, messages: Message[]): Promise<void> {
  for (let i = 0; i < messages.length; i += 10) {
    const chunk = messages.slice(i, i + 10);
    await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: queueUrl,
        Entries: chunk.map((m, j) => ({
          Id: String(j),
          ReceiptHandle: m.ReceiptHandle ?? '',
          VisibilityTimeout: 0,
        })),
      }),
    );
  }
}

/** Messages on the queue, visible or in flight. */
export async function queueDepth(sqs: SQSClient, queueUrl: string): Promise<number> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: [
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesNotVisible',
        'ApproximateNumberOfMessagesDelayed',
      ],
    }),
  );
  return (
    Number(Attributes.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0) +
    Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0)
  );
}
