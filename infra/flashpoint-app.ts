import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
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
  });
  if (nagChecks) Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  return { app, state, pipeline };
}
