import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Contact } from '../../core/contact.ts';
import type { ContactQueue } from '../../core/ports.ts';

export class SqsContactQueue implements ContactQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(contact: Contact): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(contact),
        MessageAttributes: {
          contactId: { DataType: 'String', StringValue: contact.id },
          channel: { DataType: 'String', StringValue: contact.channel },
        },
      }),
    );
  }
}
