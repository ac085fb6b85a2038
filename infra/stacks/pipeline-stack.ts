import { CfnOutput, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Alias } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { CaseOperationsApi } from '../constructs/case-operations-api.ts';
import { DeadlineSweeper } from '../constructs/deadline-sweeper.ts';
import { EmailIngress } from '../constructs/email-ingress.ts';
import type { OnCall } from '../constructs/on-call.ts';
import { PipelineDashboard } from '../constructs/pipeline-dashboard.ts';
import { QueueWithConsumer, queueUrlOutputs } from '../constructs/queue-with-consumer.ts';
import { type ConsumerName, ENV, QUEUE_KEYS, QUEUES, type QueueKey, TABLE } from '../resources.ts';

/** Handler file of each consumer, relative to the repository root. */
export const CONSUMER_ENTRIES: Record<ConsumerName, string> = {
  intake: 'functions/intake/handler.ts',
  triage: 'functions/triage/handler.ts',
  alerts: 'functions/alerts/handler.ts',
};

/** The email intake's own entry: only it bundles the MIME parser and the S3 client (chat and social carry neither). */
export const EMAIL_INTAKE_ENTRY = 'functions/intake/email-handler.ts';

export interface PipelineStackProps extends StackProps {
  /** The store from the state stack; passed as an object so grants stay `grant*` calls. */
  readonly table: ITable;
  /** SES receiving (infra/constructs/email-ingress.ts) for these domains/addresses; none: no SES at all. */
  readonly emailRecipients?: readonly string[];
  /** embedded (default: no network, no IAM) | cascade | comprehend — see docs/comprehend.md. */
  readonly textModelMode?: 'embedded' | 'cascade' | 'comprehend';
  /** Addresses that get every alert notice by e-mail (each confirms the SNS subscription once). */
  readonly alertEmails?: readonly string[];
  /** Who this stack's alarms page (infra/stacks/on-call-stack.ts): every alarm pages it and clears it. */
  readonly onCall: OnCall;
}

/** The stateless part: queues, consumers, the alert topic, alarms (paging `onCall`) and the dashboard. */
export class PipelineStack extends Stack {
  readonly queues: Readonly<Record<QueueKey, QueueWithConsumer>>;
  readonly alertTopic: Topic;

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id, props);

    const queues = Object.fromEntries(
      QUEUE_KEYS.map((key) => {
        const definition = QUEUES[key];
        const consumer = definition.consumer;
        const consumerEntry =
          consumer?.name === 'intake' && consumer.channel === 'email'
            ? EMAIL_INTAKE_ENTRY
            : consumer && CONSUMER_ENTRIES[consumer.name];
        return [key, new QueueWithConsumer(this, definition.id, { definition, consumerEntry })];
      }),
    ) as Record<QueueKey, QueueWithConsumer>;
    this.queues = queues;

    // One alert per hot case goes to people's tools; encrypted with the AWS-managed aws/sns key, whose key
    // policy already lets SNS use it for this account, so publishers need no KMS grant.
    this.alertTopic = new Topic(this, 'Alerts', {
      masterKey: Alias.fromAliasName(this, 'AwsManagedSnsKey', 'alias/aws/sns'),
      enforceSSL: true,
    });
    for (const address of props.alertEmails ?? []) {
      const subscription = this.alertTopic.addSubscription(new EmailSubscription(address));
      Validations.of(subscription.node.defaultChild as Construct).acknowledge({
        id: 'Serverless-SNSRedrivePolicy',
        reason:
          'An undeliverable e-mail notice is retried by SNS and then dropped; the alert itself stays on the senior queue and in the inbox.',
      });
    }

    const stages = QUEUE_KEYS.map((key) => queues[key]);
    for (const stage of stages.filter((s) => s.definition.consumer?.name === 'intake')) {
      const intake = stage.requireConsumer().function;
      intake.addEnvironment(ENV.contactsQueueUrl, queues.contacts.queue.queueUrl);
      queues.contacts.queue.grantSendMessages(intake);
    }

    const triageConsumer = queues.contacts.requireConsumer();
    const triage = triageConsumer.function;
    triage.addEnvironment(ENV.tableName, props.table.tableName);
    triage.addEnvironment(ENV.seniorQueueUrl, queues.senior.queue.queueUrl);
    triage.addEnvironment(ENV.normalQueueUrl, queues.normal.queue.queueUrl);
    triage.addEnvironment(ENV.alertTopicArn, this.alertTopic.topicArn);
    props.table.grantReadWriteData(triage);
    Validations.of(triageConsumer.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${importedTableArnName(props.table)}/index/*]`,
      reason: `grantReadWriteData covers the table's indexes (${TABLE.indexes.map((i) => i.name).join(', ')}) with <table ARN>/index/*; only this table's indexes match.`,
    });
    queues.senior.queue.grantSendMessages(triage);
    queues.normal.queue.grantSendMessages(triage);
    this.alertTopic.grantPublish(triage);
    if (props.textModelMode && props.textModelMode !== 'embedded') {
      triage.addEnvironment('TEXT_MODEL_MODE', props.textModelMode);
      // Comprehend's Detect* calls accept no resource-level permissions: the resource must be "*",
      // so the action is the one call the cascade makes and nothing else.
      triage.addToRolePolicy(
        new PolicyStatement({ actions: ['comprehend:BatchDetectSentiment'], resources: ['*'] }),
      );
    }

    if (props.emailRecipients && props.emailRecipients.length > 0) {
      new EmailIngress(this, 'EmailIngress', {
        recipients: props.emailRecipients,
        queue: queues.emailIntake.queue,
        deadLetterQueue: queues.emailIntake.deadLetterQueue,
        reader: queues.emailIntake.requireConsumer(),
      });
    }

    const sweeper = new DeadlineSweeper(this, 'DeadlineSweeper', {
      table: props.table,
      seniorQueue: queues.senior.queue,
      normalQueue: queues.normal.queue,
      alertTopic: this.alertTopic,
    });
    Validations.of(sweeper.sweeper.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${importedTableArnName(props.table)}/index/*]`,
      reason:
        'grantReadWriteData covers the table indexes the sweeper queries (GSI2: open cases); only this table matches.',
    });

    const operations = new CaseOperationsApi(this, 'CaseOperations', { table: props.table });
    Validations.of(operations.handler.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${importedTableArnName(props.table)}/index/*]`,
      reason: 'grantReadWriteData covers the table indexes; only this table matches.',
    });

    props.onCall.watch([...stages.flatMap((stage) => stage.alarms), ...sweeper.alarms]);

    new PipelineDashboard(this, 'Monitoring', { stages, alarms: sweeper.alarms });

    for (const stage of stages) queueUrlOutputs(this, stage);
    new CfnOutput(this, 'AlertTopicArn', { value: this.alertTopic.topicArn });
  }
}

/**
 * How the table ARN appears in this stack's template: an import of the state stack's export. cdk-nag names
 * IAM findings after that string, so an acknowledgment must spell it. `exportValue` is the call CDK itself
 * makes for the cross-stack reference (same export, created once), so the name cannot drift from it.
 */
export function importedTableArnName(table: ITable): string {
  const producer = Stack.of(table);
  const imported: unknown = producer.resolve(producer.exportValue(table.tableArn));
  if (typeof imported === 'object' && imported !== null && 'Fn::ImportValue' in imported) {
    const name = imported['Fn::ImportValue'];
    if (typeof name === 'string') return name;
  }
  throw new Error(
    `expected the table ARN to cross stacks as an Fn::ImportValue, got ${JSON.stringify(imported)}`,
  );
}
