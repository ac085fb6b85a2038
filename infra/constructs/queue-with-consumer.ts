import { CfnOutput, Duration, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IMetric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { EventSourceMapping } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  BATCH_SIZE,
  DLQ_RETENTION_DAYS,
  ENV,
  MAX_BATCHING_WINDOW_SECONDS,
  type QueueDefinition,
  VISIBILITY_TIMEOUT_SECONDS,
} from '../resources.ts';
import { PipelineFunction } from './pipeline-function.ts';

export interface QueueWithConsumerProps {
  readonly definition: QueueDefinition;
  /** Handler file (relative to the repository root); required exactly when the definition names a consumer. */
  readonly consumerEntry?: string;
}

/** Metrics worth a dashboard graph, grouped by what they describe. */
export interface QueueWidgetMetrics {
  readonly title: string;
  readonly depth: IMetric[];
  readonly age: IMetric[];
  readonly function: IMetric[];
}

/**
 * One stage boundary of the pipeline: a queue, its dead-letter queue, the Lambda that drains it (when the
 * definition names one) and the alarms that say it is unhealthy. Every queue in `QUEUES` is one of these.
 */
export class QueueWithConsumer extends Construct {
  readonly definition: QueueDefinition;
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly consumer?: PipelineFunction;
  /** What says this stage is unhealthy; whoever composes the stage decides who is paged (OnCall). */
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: QueueWithConsumerProps) {
    super(scope, id);
    const { definition } = props;
    this.definition = definition;
    if (definition.fifo && definition.consumer) {
      // functions/shared/sqs-batch.ts fails records independently; a FIFO group would need it to stop at
      // the first failure, or later messages of the group would overtake the retried one.
      throw new Error(`queue ${definition.id}: FIFO queues are read by people, not by a pipeline consumer`);
    }
    if (Boolean(definition.consumer) !== Boolean(props.consumerEntry)) {
      throw new Error(
        `queue ${definition.id}: pass consumerEntry exactly when the definition names a consumer (it names ${definition.consumer?.name ?? 'none'})`,
      );
    }

    // A FIFO queue's DLQ must be FIFO too (SQS rejects the redrive policy otherwise).
    const fifo = definition.fifo ? { fifo: true } : {};
    this.deadLetterQueue = new Queue(this, 'Dlq', {
      ...fifo,
      retentionPeriod: Duration.days(DLQ_RETENTION_DAYS),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    Validations.of(this.deadLetterQueue.node.defaultChild as Construct).acknowledge({
      id: 'Serverless-SQSRedrivePolicy',
      reason:
        'This is the dead-letter queue at the end of the redrive chain; a DLQ of a DLQ would only move the problem.',
    });

    this.queue = new Queue(this, 'Queue', {
      ...fifo,
      visibilityTimeout: Duration.seconds(VISIBILITY_TIMEOUT_SECONDS),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: definition.maxReceiveCount },
    });

    // Anything in a DLQ is a message the pipeline gave up on: one is already worth a look.
    this.alarms.push(
      new Alarm(this, 'DeadLettersAlarm', {
        alarmDescription: `${definition.id}: messages reached the dead-letter queue (${definition.purpose}). Read the reason attribute, fix, then redrive.`,
        metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(1),
          statistic: 'Maximum',
        }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );

    if (definition.consumer && props.consumerEntry) {
      const { name, channel } = definition.consumer;
      this.consumer = new PipelineFunction(this, 'Consumer', {
        entry: props.consumerEntry,
        serviceName: name,
        description: `Flashpoint ${name}${channel ? ` (${channel})` : ''}: drains the ${definition.id} queue`,
        environment: {
          // Poison records (they can never succeed) are moved here by the handler with their reason,
          // instead of burning maxReceiveCount retries first.
          [ENV.deadLetterQueueUrl]: this.deadLetterQueue.queueUrl,
          ...(channel ? { [ENV.channel]: channel } : {}),
        },
      });
      const fn = this.consumer.function;
      this.deadLetterQueue.grantSendMessages(fn);

      // The event source grants the consume actions on this queue and nothing else.
      fn.addEventSource(
        new SqsEventSource(this.queue, {
          batchSize: BATCH_SIZE,
          maxBatchingWindow: Duration.seconds(MAX_BATCHING_WINDOW_SECONDS),
          reportBatchItemFailures: true,
        }),
      );

      // The function is only ever invoked synchronously by the SQS poller, so the Lambda async DLQ
      // and on-failure destinations never fire; the queue's redrive policy above is the DLQ.
      Validations.of(fn.node.defaultChild as Construct).acknowledge({
        id: 'Serverless-LambdaDLQ',
        reason:
          'Invoked only synchronously by the SQS event source; failed records dead-letter through the queue redrive policy.',
      });
      for (const mapping of fn.node.children.filter((c) => c instanceof EventSourceMapping)) {
        Validations.of(mapping.node.defaultChild as Construct).acknowledge({
          id: 'Serverless-LambdaEventSourceMappingDestination',
          reason:
            'SQS event source mappings do not support on-failure destinations; the queue redrive policy is the failure path.',
        });
      }

      // A message older than every retry it is allowed (maxReceiveCount × visibility timeout) is not
      // being retried any more: the consumer is stuck, throttled or falling behind.
      const retryBudgetSeconds = definition.maxReceiveCount * VISIBILITY_TIMEOUT_SECONDS;
      this.alarms.push(
        new Alarm(this, 'OldestMessageAlarm', {
          alarmDescription: `${definition.id}: oldest message is older than its whole retry budget (${retryBudgetSeconds} s); the ${name} consumer is not keeping up.`,
          metric: this.queue.metricApproximateAgeOfOldestMessage({
            period: Duration.minutes(5),
            statistic: 'Maximum',
          }),
          threshold: retryBudgetSeconds,
          evaluationPeriods: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
        // Per-record failures are reported, not thrown: an invocation error is a whole batch failing
        // (crash, timeout, every record bad), so one is worth an alarm.
        new Alarm(this, 'ErrorsAlarm', {
          alarmDescription: `${definition.id}: the ${name} function failed whole invocations (crash, timeout or an all-bad batch).`,
          metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
        new Alarm(this, 'ThrottlesAlarm', {
          alarmDescription: `${definition.id}: the ${name} function is throttled; check account concurrency.`,
          metric: fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }),
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }
  }

  /** The consumer, for wiring that only makes sense on a consumed queue; throws on a people's queue. */
  requireConsumer(): PipelineFunction {
    if (!this.consumer) throw new Error(`queue ${this.definition.id} has no consumer`);
    return this.consumer;
  }

  widgetMetrics(): QueueWidgetMetrics {
    const fn = this.consumer?.function;
    return {
      title: `${this.definition.id} — ${this.definition.purpose}`,
      depth: [
        this.queue.metricApproximateNumberOfMessagesVisible({ label: 'visible' }),
        this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ label: 'dead letters' }),
      ],
      age: [this.queue.metricApproximateAgeOfOldestMessage({ label: 'oldest message (s)' })],
      function: fn
        ? [
            fn.metricInvocations({ label: 'invocations' }),
            fn.metricErrors({ label: 'errors' }),
            fn.metricThrottles({ label: 'throttles' }),
          ]
        : [],
    };
  }
}

/**
 * The stage's queue and DLQ URLs as outputs of `stack`, named `<id>QueueUrl` and `<id>DlqUrl` in every stack
 * (what an operator reads to inspect or redrive a stage).
 */
export function queueUrlOutputs(stack: Construct, stage: QueueWithConsumer): void {
  const { definition, queue, deadLetterQueue } = stage;
  new CfnOutput(stack, `${definition.id}QueueUrl`, {
    value: queue.queueUrl,
    description: definition.purpose,
  });
  new CfnOutput(stack, `${definition.id}DlqUrl`, {
    value: deadLetterQueue.queueUrl,
    description: `dead letters of ${definition.id}`,
  });
}
