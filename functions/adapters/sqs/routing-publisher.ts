import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type AlertNotice, alertNotice } from '../../core/alerts/notice.ts';
import { noticeSubject, noticeText } from '../../core/alerts/notice-text.ts';
import type { RoutingPublisher } from '../../core/ports.ts';
import type { RoutingMessage } from '../../core/routing/messages.ts';

/**
 * Alerts and escalations go to the senior queue (brief attached) and, as a short notice without the
 * customer's words (functions/core/alerts/notice.ts), to the alerts topic that e-mail and chat
 * subscriptions hang off; everything else goes to the normal queue. Message attributes let consumers
 * filter and de-duplicate by alertId.
 */
export class SqsRoutingPublisher implements RoutingPublisher {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queues: { readonly senior: string; readonly normal: string },
    private readonly alerts?: { readonly sns: SNSClient; readonly topicArn: string },
  ) {}

  async publish(message: RoutingMessage): Promise<void> {
    const isAlert = message.kind !== 'normal';
    const queueUrl = isAlert ? this.queues.senior : this.queues.normal;
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify(message),
        MessageAttributes: {
          kind: { DataType: 'String', StringValue: message.kind },
          tier: { DataType: 'String', StringValue: message.tier },
          caseId: { DataType: 'String', StringValue: message.caseId },
          ...(isAlert ? { alertId: { DataType: 'String', StringValue: message.alertId } } : {}),
        },
        ...(isAlert && isFifoQueue(queueUrl) ? fifoKeys(message) : {}),
      }),
    );
    if (isAlert && this.alerts) {
      const notice = alertNotice(message);
      await this.alerts.sns.send(
        new PublishCommand({
          TopicArn: this.alerts.topicArn,
          Subject: noticeSubject(notice),
          MessageStructure: 'json',
          Message: snsMessageStructure(notice),
          MessageAttributes: {
            alertId: { DataType: 'String', StringValue: message.alertId },
            kind: { DataType: 'String', StringValue: message.kind },
            tier: { DataType: 'String', StringValue: message.tier },
          },
        }),
      );
    }
  }
}

/** SQS's own test: a FIFO queue's name ends in .fifo (the senior queue is one: infra/resources.ts). */
function isFifoQueue(queueUrl: string): boolean {
  return queueUrl.endsWith('.fifo');
}

/**
 * The alertId as deduplication id: a re-publish of the same alert within SQS's 5-minute deduplication
 * interval is accepted and dropped, so a consumer sees it once (after that, consumers dedupe by the
 * alertId attribute). The group orders each case's alerts and escalations; an incident is its own group.
 */
function fifoKeys(m: Exclude<RoutingMessage, { kind: 'normal' }>) {
  return {
    MessageDeduplicationId: m.alertId,
    MessageGroupId: m.kind === 'incident' ? m.incidentId : m.caseId,
  };
}

/**
 * One notice, a form per protocol (SNS MessageStructure 'json'): e-mail subscribers read plain text, queue and
 * Lambda subscribers (the chat-webhook delivery) get the notice as a JSON object; `default` covers the rest.
 */
function snsMessageStructure(notice: AlertNotice): string {
  const text = noticeText(notice);
  const json = JSON.stringify(notice);
  return JSON.stringify({ default: text, email: text, sqs: json, lambda: json });
}
