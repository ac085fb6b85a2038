import { FUNCTION_TIMEOUT_SECONDS } from '../../infra/resources.ts';
import type { ComprehendSdkLoader } from '../adapters/comprehend/comprehend-sentiment.ts';
import { DynamoCaseStore } from '../adapters/dynamodb/case-store.ts';
import { DynamoSpikeStore } from '../adapters/dynamodb/spike-store.ts';
import { SqsDeadLetters } from '../adapters/sqs/dead-letters.ts';
import type { TriageConfig } from '../config.ts';
import type { TextModel } from '../core/scoring/text-model.ts';
import { createDynamoClient, createSqsClient, settingsFrom } from '../shared/clients.ts';
import { createObservability } from '../shared/observability.ts';
import { routingPublisher } from '../shared/routing-publisher.ts';
import type { SqsHandler } from '../shared/sqs-batch.ts';
import { textModelFor, textModelSettingsFrom } from '../shared/text-model.ts';
import { thresholdsFrom } from '../shared/thresholds.ts';
import { createTriageHandler, type TriageHandlerDeps } from './create-handler.ts';

export interface TriageOverrides {
  readonly textModel?: TextModel;
  /** The Lambda entry's statically bound Comprehend SDK (see functions/triage/handler.ts). */
  readonly comprehendSdk?: ComprehendSdkLoader;
  readonly clock?: () => Date;
  /** Locally the visibility timeout, not the function timeout, bounds a first delivery's run. */
  readonly inFlightMs?: number;
  /** Test-only: wrap the wired dependencies (fault injection). Never set in AWS. */
  readonly decorate?: (deps: TriageHandlerDeps) => TriageHandlerDeps;
}

/** Builds the triage handler from validated config: used by the Lambda entry and by the local stack alike. */
export function wireTriage(config: TriageConfig, overrides: TriageOverrides = {}): SqsHandler {
  const settings = settingsFrom(config);
  const sqs = createSqsClient(settings);
  const db = createDynamoClient(settings);
  const deps: TriageHandlerDeps = {
    store: new DynamoCaseStore(db, config.TABLE_NAME),
    spikes: new DynamoSpikeStore(db, config.TABLE_NAME),
    textModel:
      overrides.textModel ??
      textModelFor({ ...textModelSettingsFrom(config), comprehendSdk: overrides.comprehendSdk }),
    publisher: routingPublisher(settings, config, sqs),
    deadLetters: new SqsDeadLetters(sqs, config.DEAD_LETTER_QUEUE_URL),
    thresholds: thresholdsFrom(config),
    clock: overrides.clock ?? (() => new Date()),
    inFlightMs: overrides.inFlightMs ?? FUNCTION_TIMEOUT_SECONDS * 1000,
    ...createObservability('triage'),
  };
  return createTriageHandler(overrides.decorate ? overrides.decorate(deps) : deps);
}
