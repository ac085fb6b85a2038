import { Aws, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { AlarmBase } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

/** `-c flashpoint:opsEmails=oncall@example.com,lead@example.com`: who is paged when an alarm fires. */
export const OPS_EMAILS_CONTEXT = 'flashpoint:opsEmails';

export interface OnCallProps {
  /** Subscribed by e-mail; each address confirms the subscription once. None: the topic is there to subscribe to. */
  readonly emails?: readonly string[];
}

/**
 * The ops side of alerting: one topic that every CloudWatch alarm of the app pages on ALARM and clears on
 * OK. Customer alerts (hot cases) have their own topic in PipelineStack; this one is about the system.
 *
 * The topic needs a customer managed key: CloudWatch publishes to an encrypted topic only if the key policy
 * lets cloudwatch.amazonaws.com use the key, and the AWS-managed aws/sns key's policy cannot say so. With
 * that key the alarm still changes state, but its notification fails silently (alarm history only).
 */
export class OnCall extends Construct {
  readonly topic: Topic;
  readonly key: Key;
  private readonly action: SnsAction;
  private readonly watched = new Set<AlarmBase>();

  constructor(scope: Construct, id: string, props: OnCallProps = {}) {
    super(scope, id);
    this.key = new Key(this, 'TopicKey', {
      description: 'Flashpoint on-call: encrypts CloudWatch alarm notifications on the ops topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    this.key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        // The key policy's own resource: this key. Left unconditioned, as AWS documents it for alarms: the
        // key encrypts nothing but this topic, and who may publish to the topic is limited below.
        resources: ['*'],
      }),
    );

    this.topic = new Topic(this, 'Topic', {
      displayName: 'Flashpoint on-call',
      masterKey: this.key,
      enforceSSL: true,
    });
    // enforceSSL gives the topic a policy of its own, which replaces SNS's default one: without this
    // statement CloudWatch would be refused ("not authorized to perform SNS:Publish").
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        // Only alarms of this account and region: no other account's alarm can use CloudWatch to page us.
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: {
            'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*`,
          },
        },
      }),
    );

    for (const address of new Set(props.emails ?? [])) {
      const subscription = this.topic.addSubscription(new EmailSubscription(address));
      Validations.of(subscription.node.defaultChild as Construct).acknowledge({
        id: 'Serverless-SNSRedrivePolicy',
        reason:
          'A page SNS cannot deliver by e-mail is retried by SNS; the alarm stays in ALARM on the dashboard and in its history, so nothing waits in a DLQ that someone would have to be paged about.',
      });
    }
    this.action = new SnsAction(this.topic);
  }

  /** Pages the topic when each alarm fires and again when it clears; an alarm passed twice is wired once. */
  watch(alarms: Iterable<AlarmBase>): void {
    for (const alarm of alarms) {
      if (this.watched.has(alarm)) continue;
      this.watched.add(alarm);
      alarm.addAlarmAction(this.action);
      alarm.addOkAction(this.action);
    }
  }
}
