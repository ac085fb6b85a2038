import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ALERT_WEBHOOK_SECRET_CONTEXT,
  alertWebhookSecretFrom,
} from '../../infra/constructs/alert-delivery.ts';
import type { FlashpointApp } from '../../infra/flashpoint-app.ts';
import { ALERT_DELIVERY_QUEUE, ENV } from '../../infra/resources.ts';
import { unacknowledgedFindings } from '../helpers/cdk-nag.ts';
import { buildFlashpoint, identityStatements, logicalIdOf } from './app-fixture.ts';

type Resources = Record<string, { Properties: Record<string, unknown> }>;

const SECRET = 'flashpoint/alert-webhook';

describe('alert delivery (chat webhook, e-mail)', () => {
  let built: FlashpointApp;
  let inbox: Template;
  let pipeline: Template;

  beforeAll(() => {
    built = buildFlashpoint({
      nagChecks: false,
      context: {
        [ALERT_WEBHOOK_SECRET_CONTEXT]: SECRET,
        'flashpoint:alertEmails': 'ops@example.com, lead@example.com',
      },
    });
    inbox = Template.fromStack(built.inbox);
    pipeline = Template.fromStack(built.pipeline);
  });

  it('finds nothing unacknowledged by cdk-nag with the webhook and e-mail subscriptions on', () => {
    const findings = unacknowledgedFindings(built.app);
    expect(findings).toEqual([]);
  });

  it('synthesises the inbox stack without CDK warnings or errors', () => {
    expect(Annotations.fromStack(built.inbox).findWarning('*', Match.anyValue())).toEqual([]);
    expect(Annotations.fromStack(built.inbox).findError('*', Match.anyValue())).toEqual([]);
  });

  it('subscribes an encrypted, TLS-only queue with a DLQ after 5 receives to the alerts topic, raw', () => {
    const delivery = built.inbox.alertDelivery;
    expect(delivery).toBeDefined();
    const queue = logicalIdOf(delivery?.stage.queue ?? { node: {} });
    const dlq = logicalIdOf(delivery?.stage.deadLetterQueue ?? { node: {} });
    inbox.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlq, 'Arn'] }, maxReceiveCount: 5 },
    });
    expect(ALERT_DELIVERY_QUEUE.maxReceiveCount).toBe(5);
    inbox.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queue }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    inbox.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'sqs',
      RawMessageDelivery: true,
      Endpoint: { 'Fn::GetAtt': [queue, 'Arn'] },
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlq, 'Arn'] } },
      TopicArn: { 'Fn::ImportValue': Match.stringLikeRegexp('FlashpointPipeline:') },
    });
    inbox.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [queue, 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('names the secret, the table and the inbox address to the function, never the URL itself', () => {
    const fn = Object.values(inbox.findResources('AWS::Lambda::Function') as Resources).find((f) =>
      JSON.stringify(f.Properties.Environment).includes(ENV.alertWebhookSecretId),
    );
    const environment = fn?.Properties.Environment as { Variables: Record<string, unknown> } | undefined;
    const variables = environment?.Variables ?? {};
    expect(variables[ENV.alertWebhookSecretId]).toBe(SECRET);
    expect(variables[ENV.alertWebhookUrl]).toBeUndefined();
    expect(JSON.stringify(variables[ENV.inboxUrl])).toContain(logicalIdOf(built.inbox.site.distribution));
    expect(variables[ENV.tableName]).toBeDefined();
  });

  it('grants GetSecretValue on that one secret and nothing else from Secrets Manager, anywhere in the app', () => {
    const secretStatements = [inbox, pipeline]
      .flatMap(identityStatements)
      .filter((s) => JSON.stringify(s.Action).includes('secretsmanager:'));
    expect(secretStatements).toEqual([
      {
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':secretsmanager:',
              { Ref: 'AWS::Region' },
              ':',
              { Ref: 'AWS::AccountId' },
              `:secret:${SECRET}-??????`,
            ],
          ],
        },
      },
    ]);
  });

  it('subscribes each configured address to the alerts topic by e-mail', () => {
    const subscriptions = Object.values(pipeline.findResources('AWS::SNS::Subscription') as Resources)
      .filter((s) => s.Properties.Protocol === 'email')
      .map((s) => s.Properties.Endpoint);
    expect(subscriptions.sort()).toEqual(['lead@example.com', 'ops@example.com']);
  });

  it('deploys no webhook delivery and no e-mail subscription without the context', () => {
    const plain = buildFlashpoint({ nagChecks: false });
    expect(plain.inbox.alertDelivery).toBeUndefined();
    const subscriptions = [plain.inbox, plain.pipeline].flatMap((stack) =>
      Object.values(Template.fromStack(stack).findResources('AWS::SNS::Subscription')),
    );
    expect(subscriptions).toEqual([]);
  });

  it('reads the secret name from context and refuses one that cannot be a secret name', () => {
    expect(alertWebhookSecretFrom(undefined)).toBeUndefined();
    expect(alertWebhookSecretFrom('')).toBeUndefined();
    expect(alertWebhookSecretFrom(SECRET)).toBe(SECRET);
    expect(() => alertWebhookSecretFrom('https://hooks.slack.com/services/T/B/X')).toThrow(
      `${ALERT_WEBHOOK_SECRET_CONTEXT} must be a Secrets Manager secret name`,
    );
  });
});
