import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALERT_WEBHOOK_SECRET_CONTEXT } from '../../infra/constructs/alert-delivery.ts';
import type { FlashpointApp } from '../../infra/flashpoint-app.ts';
import { buildFlashpoint, logicalIdOf } from './app-fixture.ts';

describe('InboxStack outputs of the alert-delivery queue', () => {
  let withWebhook: FlashpointApp;

  beforeAll(() => {
    withWebhook = buildFlashpoint({
      nagChecks: false,
      context: { [ALERT_WEBHOOK_SECRET_CONTEXT]: 'flashpoint/alert-webhook' },
    });
  });

  it('outputs the queue and its DLQ by URL and ARN, named as the pipeline names its queues', () => {
    const template = Template.fromStack(withWebhook.inbox);
    const stage = withWebhook.inbox.alertDelivery?.stage;
    expect(stage).toBeDefined();
    const queue = logicalIdOf(stage?.queue ?? { node: {} });
    const dlq = logicalIdOf(stage?.deadLetterQueue ?? { node: {} });
    template.hasOutput('AlertDeliveryQueueUrl', { Value: { Ref: queue } });
    template.hasOutput('AlertDeliveryDlqUrl', { Value: { Ref: dlq } });
    template.hasOutput('AlertDeliveryQueueArn', { Value: { 'Fn::GetAtt': [queue, 'Arn'] } });
    template.hasOutput('AlertDeliveryDlqArn', {
      Value: { 'Fn::GetAtt': [dlq, 'Arn'] },
      Description: 'flashpoint dlq redrive --aws <this> --destination-arn <AlertDeliveryQueueArn>',
    });
  });

  it('outputs none of them when no webhook is configured', () => {
    const outputs = Object.keys(
      Template.fromStack(buildFlashpoint({ nagChecks: false }).inbox).findOutputs('*'),
    );
    expect(outputs.filter((name) => name.startsWith('AlertDelivery'))).toEqual([]);
    expect(outputs).toContain('InboxUrl');
  });
});
