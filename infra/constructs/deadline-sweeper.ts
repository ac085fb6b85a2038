import { Duration, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { type CfnRule, Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../resources.ts';
import { PipelineFunction } from './pipeline-function.ts';

export interface DeadlineSweeperProps {
  readonly table: ITable;
  readonly seniorQueue: IQueue;
  readonly normalQueue: IQueue;
  readonly alertTopic: Topic;
}

/**
 * Every 5 minutes, escalates hot cases whose reply deadline passed unacknowledged. 5 minutes: the
 * shortest deadline is an hour, so an overdue case waits at most a twelfth of it for its escalation.
 */
export class DeadlineSweeper extends Construct {
  readonly sweeper: PipelineFunction;
  readonly alarms: Alarm[];

  constructor(scope: Construct, id: string, props: DeadlineSweeperProps) {
    super(scope, id);
    this.sweeper = new PipelineFunction(this, 'Sweeper', {
      entry: 'functions/sweeper/handler.ts',
      serviceName: 'sweeper',
      description: 'Escalates heated cases whose deadline passed without acknowledgement',
      environment: {
        [ENV.tableName]: props.table.tableName,
        [ENV.seniorQueueUrl]: props.seniorQueue.queueUrl,
        [ENV.normalQueueUrl]: props.normalQueue.queueUrl,
        [ENV.alertTopicArn]: props.alertTopic.topicArn,
      },
    });
    const fn = this.sweeper.function;
    props.table.grantReadWriteData(fn);
    props.seniorQueue.grantSendMessages(fn);
    props.alertTopic.grantPublish(fn);
    const rule = new Rule(this, 'Schedule', {
      schedule: Schedule.rate(Duration.minutes(5)),
      targets: [new LambdaFunction(fn, { retryAttempts: 2 })],
    });
    // A sweep carries no payload: a failed one is retried, then superseded by the next run five minutes
    // later, which re-reads every overdue case. A dead-letter queue would only collect empty events.
    const reason =
      'Stateless scheduled sweep: a failed run is retried and then superseded by the next one, so no event is lost.';
    Validations.of(fn.node.defaultChild as CfnFunction).acknowledge({ id: 'Serverless-LambdaDLQ', reason });
    Validations.of(rule.node.defaultChild as CfnRule).acknowledge({ id: 'Serverless-EventBusDLQ', reason });

    // One failed sweep is superseded by the next, so it alone is no page. Three 5-minute periods in a row
    // with failures: overdue cases have gone unescalated for 15 minutes, a quarter of the shortest deadline.
    this.alarms = [
      new Alarm(this, 'ErrorsAlarm', {
        alarmDescription:
          'Deadline sweeper: every run for 15 minutes failed; overdue hot cases are not being escalated.',
        metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    ];
  }
}
