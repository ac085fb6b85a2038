import { App, type AppProps, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { EMAIL_RECIPIENTS_CONTEXT, emailRecipientsFrom } from './constructs/email-ingress.ts';
import { HttpIntakeApi } from './constructs/http-intake-api.ts';
import { PipelineStack } from './stacks/pipeline-stack.ts';
import { StateStack } from './stacks/state-stack.ts';

export interface FlashpointAppProps extends AppProps {
  /** Run the cdk-nag packs at synthesis (default true); tests of the templates alone turn them off. */
  readonly nagChecks?: boolean;
}

export interface FlashpointApp {
  readonly app: App;
  readonly state: StateStack;
  readonly pipeline: PipelineStack;
  /** The HTTP intake (API Gateway → SQS), in its own stack: the public edge, deployed apart from the pipeline. */
  readonly httpIntake: HttpIntakeApi;
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
  const state = new StateStack(app, 'FlashpointState', {
    description: 'Flashpoint state: the DynamoDB table of contacts, cases, decisions and outcomes',
  });
  const pipeline = new PipelineStack(app, 'FlashpointPipeline', {
    description: 'Flashpoint pipeline: intake and triage queues, consumers, alerts, alarms',
    table: state.table,
    emailRecipients: emailRecipientsFrom(app.node.tryGetContext(EMAIL_RECIPIENTS_CONTEXT)),
    textModelMode: textModelModeFrom(app.node.tryGetContext('flashpoint:textModelMode')),
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
  if (nagChecks) Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  return { app, state, pipeline, httpIntake };
}
