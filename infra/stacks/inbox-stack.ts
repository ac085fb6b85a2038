import { CfnOutput, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { AlertDelivery } from '../constructs/alert-delivery.ts';
import { InboxApi } from '../constructs/inbox-api.ts';
import { InboxSite } from '../constructs/inbox-site.ts';
import { queueUrlOutputs } from '../constructs/queue-with-consumer.ts';
import { importedTableArnName } from './pipeline-stack.ts';

export interface InboxStackProps extends StackProps {
  readonly table: ITable;
  /** The built page (`npm run build:web` → web/dist); tests pass a directory with a stub index.html. */
  readonly webAssetPath: string;
  /** The pipeline's alerts topic; the chat-webhook delivery subscribes to it. */
  readonly alertTopic: ITopic;
  /** Secrets Manager secret holding the chat webhook's URL; unset: no webhook delivery is deployed. */
  readonly alertWebhookSecretName?: string;
  /** Handler of the alert-delivery consumer. */
  readonly alertConsumerEntry: string;
  readonly authDomainPrefix?: string;
  readonly webAclArn?: string;
}

/**
 * Where people work: the web inbox (S3 + CloudFront, Cognito sign-in, the authenticated API under /api)
 * and, when configured, the delivery of each alert to the team's chat webhook, linking back to the inbox.
 */
export class InboxStack extends Stack {
  readonly api: InboxApi;
  readonly site: InboxSite;
  readonly alertDelivery?: AlertDelivery;

  constructor(scope: Construct, id: string, props: InboxStackProps) {
    super(scope, id, props);

    this.api = new InboxApi(this, 'InboxApi', {
      table: props.table,
      ...(props.authDomainPrefix ? { authDomainPrefix: props.authDomainPrefix } : {}),
    });
    Validations.of(this.api.handler.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${importedTableArnName(props.table)}/index/*]`,
      reason:
        'grantReadData covers the table indexes the inbox lists from (GSI1: by owner, GSI2: open cases hottest first); only this table matches.',
    });

    this.site = new InboxSite(this, 'InboxSite', {
      api: this.api.api,
      signInOrigin: this.api.domain.baseUrl(),
      ...(props.webAclArn ? { webAclArn: props.webAclArn } : {}),
    });
    const client = this.api.addWebClient(this.site.url);
    this.site.publish(props.webAssetPath, {
      auth: {
        cognitoDomain: this.api.domain.baseUrl(),
        clientId: client.userPoolClientId,
        redirectUri: this.site.url,
      },
    });

    if (props.alertWebhookSecretName) {
      this.alertDelivery = new AlertDelivery(this, 'AlertDelivery', {
        alertTopic: props.alertTopic,
        table: props.table,
        webhookSecretName: props.alertWebhookSecretName,
        consumerEntry: props.alertConsumerEntry,
        inboxUrl: this.site.url,
      });
      // Named as the pipeline stack names its queues' outputs. The ARNs are what `flashpoint dlq redrive --aws`
      // takes. This DLQ also holds SNS's own dead letters (notices it could not hand to the queue), which came
      // from no queue: name the destination rather than rely on SQS's "back to its source".
      const { definition, queue, deadLetterQueue } = this.alertDelivery.stage;
      queueUrlOutputs(this, this.alertDelivery.stage);
      new CfnOutput(this, `${definition.id}QueueArn`, { value: queue.queueArn });
      new CfnOutput(this, `${definition.id}DlqArn`, {
        value: deadLetterQueue.queueArn,
        description: `flashpoint dlq redrive --aws <this> --destination-arn <${definition.id}QueueArn>`,
      });
    }

    new CfnOutput(this, 'InboxUrl', {
      value: this.site.url,
      description: 'The web inbox (sign in with Cognito)',
    });
    new CfnOutput(this, 'UserPoolId', {
      value: this.api.userPool.userPoolId,
      description: 'aws cognito-idp admin-create-user --user-pool-id <this> --username person@example.com',
    });
    new CfnOutput(this, 'SignInDomain', { value: this.api.domain.baseUrl() });
  }
}
