import { type MessageAttributeValue, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import type { RejectionError } from '../../core/errors.ts';

/** Where poison messages go: their own queue's DLQ, body untouched, reason in message attributes. */
export interface DeadLetters {
  reject(record: SQSRecord, error: RejectionError): Promise<void>;
}

export const REJECTION_ATTRIBUTES = {
  code: 'rejection-code',
  reason: 'rejection-reason',
  sourceMessageId: 'source-message-id',
  rejectedAt: 'rejected-at',
} as const;

export class SqsDeadLetters implements DeadLetters {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async reject(record: SQSRecord, error: RejectionError): Promise<void> {
    const attribute = (value: string): MessageAttributeValue => ({ DataType: 'String', StringValue: value });
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        // An empty body cannot be sent to SQS; the reason still says what was wrong with it.
        MessageBody: record.body.length > 0 ? record.body : '(empty)',
        MessageAttributes: {
          [REJECTION_ATTRIBUTES.code]: attribute(error.code),
          [REJECTION_ATTRIBUTES.reason]: attribute(error.reason.slice(0, 1000)),
          [REJECTION_ATTRIBUTES.sourceMessageId]: attribute(record.messageId),
          [REJECTION_ATTRIBUTES.rejectedAt]: attribute(this.clock().toISOString()),
        },
      }),
    );
  }
}
