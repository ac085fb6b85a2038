import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { OnCall } from '../constructs/on-call.ts';

export interface OnCallStackProps extends StackProps {
  /** Addresses paged by e-mail when any alarm of the app fires or clears. */
  readonly opsEmails?: readonly string[];
}

/**
 * Who gets paged, at the bottom of the stack graph: every other stack may depend on it, so any of them
 * (the state stack's table included, should it get alarms) can hand its alarms to `onCall`. Kept apart
 * from the pipeline also so that confirmed e-mail subscriptions outlive any replacement of it.
 */
export class OnCallStack extends Stack {
  readonly onCall: OnCall;

  constructor(scope: Construct, id: string, props: OnCallStackProps = {}) {
    super(scope, id, props);
    this.onCall = new OnCall(this, 'OnCall', { emails: props.opsEmails ?? [] });
    new CfnOutput(this, 'OpsTopicArn', {
      value: this.onCall.topic.topicArn,
      description:
        'every alarm pages this topic: -c flashpoint:opsEmails=… or aws sns subscribe --topic-arn <this>',
    });
  }
}
