import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { RoutingPublisher } from '../../core/ports.ts';
import type { RoutingMessage } from '../../core/routing/messages.ts';

/**
 * Alerts and escalations go to the senior queue (brief attached) and, as a short notice without the
 * customer's words, to the alerts topic that e-mail and chat subscriptions hang off; everything else
 * goes to the normal queue. Message attributes let consumers filter and de-duplicate by alertId.
 */
export class SqsRoutingPublisher implements RoutingPublisher {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queues: { readonly senior: string; readonly normal: string },
    private readonly alerts?: { readonly sns: SNSClient; readonly topicArn: string },
  ) {}

  async publish(message: RoutingMessage): Promise<void> {
    const isAlert = message.kind !== 'normal';
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: isAlert ? this.queues.senior : this.queues.normal,
        MessageBody: JSON.stringify(message),
        MessageAttributes: {
          kind: { DataType: 'String', StringValue: message.kind },
          tier: { DataType: 'String', StringValue: message.tier },
          caseId: { DataType: 'String', StringValue: message.caseId },
          ...(isAlert ? { alertId: { DataType: 'String', StringValue: message.alertId } } : {}),
        },
      }),
    );
    if (isAlert && this.alerts) {
      await this.alerts.sns.send(
        new PublishCommand({
          TopicArn: this.alerts.topicArn,
          Subject: (message.kind === 'incident'
            ? `Flashpoint: incident ${message.incidentId} (${message.topic})`
            : `Flashpoint: ${message.tier} case ${message.caseId}`
          ).slice(0, 99),
          Message: notice(message),
          MessageAttributes: {
            alertId: { DataType: 'String', StringValue: message.alertId },
            tier: { DataType: 'String', StringValue: message.tier },
          },
        }),
      );
    }
  }
}

function notice(m: Exclude<RoutingMessage, { kind: 'normal' }>): string {
  if (m.kind === 'incident') return m.summary;
  const owner = m.owner ?? 'unassigned';
  if (m.kind === 'escalation') {
    return `Case ${m.caseId} escalated to ${m.tier} (level ${m.level}): ${m.because}. Owner: ${owner}. New deadline ${m.deadline}.`;
  }
  const why = m.brief.whyHeated
    .slice(0, 3)
    .map((r) => r.signal)
    .join(', ');
  return `Case ${m.caseId} is ${m.tier} (frustration ${m.frustration}, viral risk ${m.viralRisk}). Why: ${why}. Owner: ${owner}. Reply by ${m.deadline}.`;
}
