import { fileURLToPath } from 'node:url';
import { App, type AppProps, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { ALERT_WEBHOOK_SECRET_CONTEXT, alertWebhookSecretFrom } from './constructs/alert-delivery.ts';
import { EMAIL_RECIPIENTS_CONTEXT, emailRecipientsFrom } from './constructs/email-ingress.ts';
import { HttpIntakeApi } from './constructs/http-intake-api.ts';
import { INBOX_AUTH_DOMAIN_CONTEXT } from './constructs/inbox-api.ts';
import { OPS_EMAILS_CONTEXT } from './constructs/on-call.ts';
import { InboxStack } from './stacks/inbox-stack.ts';
import { OnCallStack } from './stacks/on-call-stack.ts';
import { CONSUMER_ENTRIES, PipelineStack } from './stacks/pipeline-stack.ts';
import { StateStack } from './stacks/state-stack.ts';

export interface FlashpointAppProps extends AppProps {
  /** Run the cdk-nag packs at synthesis (default true); tests of the templates alone turn them off. */
  readonly nagChecks?: boolean;
}

/** `-c flashpoint:inboxAssets=DIR`: the built inbox page; default web/dist (`npm run build:web`). */
export const INBOX_ASSETS_CONTEXT = 'flashpoint:inboxAssets';
const DEFAULT_INBOX_ASSETS = fileURLToPath(new URL('../web/dist', import.meta.url));

export interface FlashpointApp {
  readonly app: App;
  /** The ops topic that every alarm of every stack pages (`-c flashpoint:opsEmails=…` subscribes to it). */
  readonly onCall: OnCallStack;
  readonly state: StateStack;
  readonly pipeline: PipelineStack;
  /** The HTTP intake (API Gateway → SQS), in its own stack: the public edge, deployed apart from the pipeline. */
  readonly httpIntake: HttpIntakeApi;
  /** The web inbox (S3 + CloudFront + Cognito + its API) and the chat-webhook delivery of alerts. */
  readonly inbox: InboxStack;
}

/**
 * A comma-separated list of e-mail addresses from context: `-c flashpoint:alertEmails=a@example.com,b@example.com`
 * (every alert notice by e-mail too) and `-c flashpoint:opsEmails=…` (paged by every alarm). Unset: none.
 */
function emailsFrom(app: App, key: string): string[] {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined || value === '') return [];
  const addresses = String(value)
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  const bad = addresses.filter((a) => !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(a));
  if (bad.length > 0) throw new Error(`${key}: not an e-mail address: ${bad.join(', ')}`);
  return [...new Set(addresses)];
}

function optionalString(app: App, key: string): string | undefined {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `-c flashpoint:textModelMode=cascade` turns the Comprehend cascade on (and grants its one action). */
function textModelModeFrom(value: unknown): 'embedded' | 'cascade' | 'comprehend' {
  if (value === undefined || value === 'embedded' || value === 'cascade' || value === 'comprehend') {
    return value ?? 'embedded';
  }
  throw new Error(`flashpoint:textModelMode must be embedded, cascade or comprehend, not ${String(value)}`);
}

/**
 * The whole deployable app: the state stack, the pipeline stack that uses its table, and the cdk-nag rule
 * packs that fail synthesis on any unacknowledged finding. `infra/app.ts` runs it; tests build it too.
 */
export function createFlashpointApp(props: FlashpointAppProps = {}): FlashpointApp {
  const { nagChecks = true, ...appProps } = props;
  const app = new App(appProps);
  // Env-agnostic on purpose: no lookups, so synth works offline and one template deploys anywhere.
  const onCall = new OnCallStack(app, 'FlashpointOnCall', {
    description:
      'Flashpoint on-call: the encrypted ops topic every CloudWatch alarm pages, and who is subscribed',
    opsEmails: emailsFrom(app, OPS_EMAILS_CONTEXT),
  });
  const state = new StateStack(app, 'FlashpointState', {
    description: 'Flashpoint state: the DynamoDB table of contacts, cases, decisions and outcomes',
  });
  const pipeline = new PipelineStack(app, 'FlashpointPipeline', {
    description: 'Flashpoint pipeline: intake and triage queues, consumers, alerts, alarms',
    table: state.table,
    emailRecipients: emailRecipientsFrom(app.node.tryGetContext(EMAIL_RECIPIENTS_CONTEXT)),
    textModelMode: textModelModeFrom(app.node.tryGetContext('flashpoint:textModelMode')),
    alertEmails: emailsFrom(app, 'flashpoint:alertEmails'),
    onCall: onCall.onCall,
  });
  const { queues } = pipeline;
  const httpIntake = new HttpIntakeApi(
    new Stack(app, 'FlashpointIntakeApi', {
      description: 'Flashpoint HTTP intake: API Gateway onto the intake queues',
    }),
    'HttpIntake',
    {
      queues: {
        email: queues.emailIntake.queue,
        chat: queues.chatIntake.queue,
        social: queues.socialIntake.queue,
      },
    },
  );
  const webhookSecret = alertWebhookSecretFrom(app.node.tryGetContext(ALERT_WEBHOOK_SECRET_CONTEXT));
  const authDomainPrefix = optionalString(app, INBOX_AUTH_DOMAIN_CONTEXT);
  const webAclArn = optionalString(app, 'flashpoint:inboxWebAclArn');
  const inbox = new InboxStack(app, 'FlashpointInbox', {
    description: 'Flashpoint web inbox: S3 + CloudFront, Cognito sign-in, the inbox API; chat-webhook alerts',
    table: state.table,
    webAssetPath: optionalString(app, INBOX_ASSETS_CONTEXT) ?? DEFAULT_INBOX_ASSETS,
    alertTopic: pipeline.alertTopic,
    alertConsumerEntry: CONSUMER_ENTRIES.alerts,
    ...(webhookSecret ? { alertWebhookSecretName: webhookSecret } : {}),
    ...(authDomainPrefix ? { authDomainPrefix } : {}),
    ...(webAclArn ? { webAclArn } : {}),
  });
  // The inbox API's stage logs need the account's API Gateway logging role, which the pipeline stack sets.
  inbox.addStackDependency(pipeline, 'API Gateway account logging role');
  onCall.onCall.watch(inbox.alertDelivery?.stage.alarms ?? []);
  if (nagChecks) Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  return { app, onCall, state, pipeline, httpIntake, inbox };
}
