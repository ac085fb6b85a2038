import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { ALERT_DELIVERY_QUEUE, ENV } from '../resources.ts';
import { QueueWithConsumer } from './queue-with-consumer.ts';

/** `-c flashpoint:alertWebhookSecretName=flashpoint/alert-webhook`: the secret holding the chat webhook's URL. */
export const ALERT_WEBHOOK_SECRET_CONTEXT = 'flashpoint:alertWebhookSecretName';

export interface AlertDeliveryProps {
  readonly alertTopic: ITopic;
  /** The delivery log (one item per alertId) lives in the one table. */
  readonly table: ITable;
  /** Name of an existing Secrets Manager secret whose string value is the webhook URL. */
  readonly webhookSecretName: string;
  /** Handler file of the `alerts` consumer (infra/stacks/pipeline-stack.ts CONSUMER_ENTRIES). */
  readonly consumerEntry: string;
  /** The web inbox's address; messages link to its case and incident pages. */
  readonly inboxUrl?: string;
}

/**
 * Alerts topic → delivery queue (+DLQ, the house queue settings) → a Lambda that posts each notice to a
 * Slack-compatible incoming webhook (functions/alerts/handler.ts). The URL is a credential — anyone holding
 * it can post to the channel — so it stays in Secrets Manager, and the function may read that one secret
 * and nothing else. The secret is imported, not created: CloudFormation would otherwise have to hold its
 * value, and a placeholder would post nowhere until someone replaced it.
 */
export class AlertDelivery extends Construct {
  readonly stage: QueueWithConsumer;
  readonly secret: ISecret;

  constructor(scope: Construct, id: string, props: AlertDeliveryProps) {
    super(scope, id);
    this.stage = new QueueWithConsumer(this, ALERT_DELIVERY_QUEUE.id, {
      definition: ALERT_DELIVERY_QUEUE,
      consumerEntry: props.consumerEntry,
    });
    const consumer = this.stage.requireConsumer();
    const fn = consumer.function;

    // Raw delivery: the body is the notice itself (the `sqs` member of the published message structure).
    // What SNS cannot hand to the queue at all lands in the same DLQ, where its alarm already watches.
    props.alertTopic.addSubscription(
      new SqsSubscription(this.stage.queue, {
        rawMessageDelivery: true,
        deadLetterQueue: this.stage.deadLetterQueue,
      }),
    );

    this.secret = Secret.fromSecretNameV2(this, 'WebhookSecret', props.webhookSecretName);
    // GetSecretValue only (grantRead would add DescribeSecret). A secret's ARN ends in "-" and six random
    // characters; "??????" matches exactly those, so no other secret whose name starts alike is readable.
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [`${this.secret.secretArn}-??????`],
      }),
    );
    // Item actions on the base table only: the delivery log never touches an index, and grant() would add
    // <table>/index/* with every action it names.
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        resources: [props.table.tableArn],
      }),
    );
    fn.addEnvironment(ENV.tableName, props.table.tableName);
    fn.addEnvironment(ENV.alertWebhookSecretId, props.webhookSecretName);
    if (props.inboxUrl) fn.addEnvironment(ENV.inboxUrl, props.inboxUrl);
  }
}

/** The secret name from CDK context; unset (or empty) means no webhook delivery is deployed. */
export function alertWebhookSecretFrom(value: unknown): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !/^[\w/+=.@-]{1,512}$/.test(value)) {
    throw new Error(
      `${ALERT_WEBHOOK_SECRET_CONTEXT} must be a Secrets Manager secret name, not ${String(value)}`,
    );
  }
  return value;
}
