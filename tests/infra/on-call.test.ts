import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { Alarm, Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALERT_WEBHOOK_SECRET_CONTEXT } from '../../infra/constructs/alert-delivery.ts';
import { DeadlineSweeper } from '../../infra/constructs/deadline-sweeper.ts';
import { EMAIL_RECIPIENTS_CONTEXT } from '../../infra/constructs/email-ingress.ts';
import { OnCall, OPS_EMAILS_CONTEXT } from '../../infra/constructs/on-call.ts';
import type { FlashpointApp } from '../../infra/flashpoint-app.ts';
import { ALERT_DELIVERY_QUEUE, QUEUE_KEYS, QUEUES } from '../../infra/resources.ts';
import { unacknowledgedFindings } from '../helpers/cdk-nag.ts';
import { buildFlashpoint, logicalIdOf } from './app-fixture.ts';

type Resources = Record<string, { Properties: Record<string, unknown> }>;

/** Every optional part on, so that every alarm the app can have is in the templates. */
const EVERYTHING_ON = {
  [ALERT_WEBHOOK_SECRET_CONTEXT]: 'flashpoint/alert-webhook',
  [EMAIL_RECIPIENTS_CONTEXT]: 'support.example.com',
  [OPS_EMAILS_CONTEXT]: 'oncall@example.com, lead@example.com,oncall@example.com',
};

const CONSUMED = QUEUE_KEYS.filter((key) => QUEUES[key].consumer !== undefined);
/** One DLQ alarm per queue; oldest message, errors and throttles per consumed queue; the sweeper's errors. */
const PIPELINE_ALARMS = QUEUE_KEYS.length + 3 * CONSUMED.length + 1;
/** The alert-delivery stage: its DLQ, and its consumed queue's three. */
const INBOX_ALARMS = 4;

function stacksOf(built: FlashpointApp): Stack[] {
  return [built.onCall, built.state, built.pipeline, Stack.of(built.httpIntake), built.inbox];
}

/**
 * How each stack names the ops topic: a Ref in the on-call stack, which owns it; elsewhere the import of
 * the export CDK made for that Ref (found in the on-call stack's outputs, so the test names no generated string).
 */
function opsTopicIn(built: FlashpointApp, stack: Stack): unknown {
  const topicId = logicalIdOf(built.onCall.onCall.topic);
  if (stack === built.onCall) return { Ref: topicId };
  const exported = Object.values(
    Template.fromStack(built.onCall).findOutputs('*', { Value: { Ref: topicId } }),
  ).find((output) => output.Export !== undefined);
  expect(exported, 'the on-call stack exports the ops topic ARN').toBeDefined();
  return { 'Fn::ImportValue': exported?.Export.Name };
}

describe('OnCall: the ops topic every alarm pages', () => {
  let built: FlashpointApp;
  let ops: Template;
  let pipeline: Template;

  beforeAll(() => {
    built = buildFlashpoint({ nagChecks: false, context: EVERYTHING_ON });
    ops = Template.fromStack(built.onCall);
    pipeline = Template.fromStack(built.pipeline);
  });

  it('encrypts the topic with its own rotating key, which CloudWatch may use', () => {
    const keyId = logicalIdOf(built.onCall.onCall.key);
    ops.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
      DisplayName: 'Flashpoint on-call',
    });
    ops.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
    expect(Object.keys(ops.findResources('AWS::KMS::Key'))).toEqual([keyId]);
  });

  it("denies publishing without TLS and lets only this account's alarms publish through CloudWatch", () => {
    const topicId = logicalIdOf(built.onCall.onCall.topic);
    ops.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: { Ref: topicId },
            Condition: {
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
              ArnLike: { 'aws:SourceArn': Match.anyValue() },
            },
          }),
        ]),
      },
    });
  });

  it('gives every alarm in every stack the ops topic as its alarm action and its OK action, and nothing else', () => {
    const counts: Record<string, number> = {};
    for (const stack of stacksOf(built)) {
      const alarms = Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm') as Resources;
      counts[stack.stackName] = Object.keys(alarms).length;
      const topic = opsTopicIn(built, stack);
      for (const [id, alarm] of Object.entries(alarms)) {
        expect(alarm.Properties.AlarmActions, `${stack.stackName}/${id}`).toEqual([topic]);
        expect(alarm.Properties.OKActions, `${stack.stackName}/${id}`).toEqual([topic]);
      }
    }
    // Not vacuous: the stacks hold the alarms this test means to check.
    expect(counts).toEqual({
      FlashpointOnCall: 0,
      FlashpointState: 0,
      FlashpointPipeline: PIPELINE_ALARMS,
      FlashpointIntakeApi: 0,
      FlashpointInbox: INBOX_ALARMS,
    });
  });

  it('watches every dead-letter queue (of a queue or of an SNS subscription) with a paging alarm', () => {
    let dlqs = 0;
    for (const stack of stacksOf(built)) {
      const template = Template.fromStack(stack);
      const redrives = [
        ...Object.values(template.findResources('AWS::SQS::Queue') as Resources),
        ...Object.values(template.findResources('AWS::SNS::Subscription') as Resources),
      ].flatMap((r) => (r.Properties.RedrivePolicy ? [r.Properties.RedrivePolicy] : []));
      // A DLQ can serve several sources: the SES and alert-delivery subscriptions share their queue's.
      const dlqIds = new Set(
        redrives.map(
          (r) =>
            (r as { deadLetterTargetArn: { 'Fn::GetAtt': [string, string] } }).deadLetterTargetArn[
              'Fn::GetAtt'
            ][0],
        ),
      );
      for (const dlqId of dlqIds) {
        dlqs += 1;
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
          Threshold: 1,
          AlarmActions: [opsTopicIn(built, stack)],
        });
      }
    }
    // The pipeline's queues and the alert delivery (whose SNS subscription shares its queue's DLQ).
    expect(dlqs).toBe(QUEUE_KEYS.length + 1);
    expect(ALERT_DELIVERY_QUEUE.consumer?.name).toBe('alerts');
  });

  it('pages when the deadline sweeper has failed for three 5-minute periods in a row', () => {
    const sweeper = built.pipeline.node.findChild('DeadlineSweeper');
    expect(sweeper).toBeInstanceOf(DeadlineSweeper);
    const fn = (sweeper as DeadlineSweeper).sweeper.function;
    pipeline.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalIdOf(fn) } }],
      Period: 300,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      Threshold: 1,
    });
  });

  it('subscribes each address of flashpoint:opsEmails to the ops topic by e-mail, once', () => {
    const topicId = logicalIdOf(built.onCall.onCall.topic);
    const subscriptions = Object.values(ops.findResources('AWS::SNS::Subscription') as Resources)
      .filter((s) => JSON.stringify(s.Properties.TopicArn) === JSON.stringify({ Ref: topicId }))
      .map((s) => `${String(s.Properties.Protocol)}:${String(s.Properties.Endpoint)}`);
    expect(subscriptions.sort()).toEqual(['email:lead@example.com', 'email:oncall@example.com']);
  });

  it('finds nothing unacknowledged by cdk-nag with every optional part and the ops subscriptions on', () => {
    // Synthesised first: the findings on cross-stack grants are named after the imports synthesis resolves.
    built.app.synth();
    const findings = unacknowledgedFindings(built.app);
    expect(findings).toEqual([]);
  });

  it('has the topic but subscribes nobody without the context, and refuses an address that is not one', () => {
    const plain = buildFlashpoint({ nagChecks: false });
    const template = Template.fromStack(plain.onCall);
    template.hasResourceProperties('AWS::SNS::Topic', { DisplayName: 'Flashpoint on-call' });
    expect(template.findResources('AWS::SNS::Subscription')).toEqual({});

    expect(() =>
      buildFlashpoint({ nagChecks: false, context: { [OPS_EMAILS_CONTEXT]: 'oncall@example.com,pager' } }),
    ).toThrow(`${OPS_EMAILS_CONTEXT}: not an e-mail address: pager`);
  });

  it('outputs the topic ARN for subscribing other endpoints by hand', () => {
    ops.hasOutput('OpsTopicArn', { Value: { Ref: logicalIdOf(built.onCall.onCall.topic) } });
  });

  it('synthesises the on-call stack without CDK warnings or errors', () => {
    expect(Annotations.fromStack(built.onCall).findWarning('*', Match.anyValue())).toEqual([]);
    expect(Annotations.fromStack(built.onCall).findError('*', Match.anyValue())).toEqual([]);
  });

  it('wires an alarm handed to it twice only once', () => {
    // Prepare
    // CloudFormation schema validation is left to cdk-nag.test.ts, which runs it on the whole app.
    const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Probe');
    const onCall = new OnCall(stack, 'OnCall');
    const alarm = new Alarm(stack, 'Alarm', {
      metric: new Metric({ namespace: 'Probe', metricName: 'Failures' }),
      threshold: 1,
      evaluationPeriods: 1,
    });

    // Act
    onCall.watch([alarm]);
    onCall.watch([alarm]);

    // Assess
    const topic = { Ref: logicalIdOf(onCall.topic) };
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmActions: [topic],
      OKActions: [topic],
    });
  });
});
