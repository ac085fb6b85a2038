import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { RoutingPublisher } from '../../core/ports.ts';
import type { RoutingMessage } from '../../core/routing/messages.ts';

/** Alerts go to the senior queue, everything else to the normal queue; attributes let consumers filter. */
export class SqsRoutingPublisher implements RoutingPublisher {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queues: { readonly senior: string; readonly normal: string },
  ) {}

  async publish(message: RoutingMessage): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: message.kind === 'alert' ? this.queues.senior : this.queues.normal,
        MessageBody: JSON.stringify(message),
        MessageAttributes: {
          kind: { DataType: 'String', StringValue: message.kind },
          tier: { DataType: 'String', StringValue: message.tier },
          caseId: { DataType: 'String', StringValue: message.caseId },
          ...(message.kind === 'alert'
            ? { alertId: { DataType: 'String', StringValue: message.alertId } }
            : {}),
        },
      }),
    );
  }
}
