import { SqsContactQueue } from '../adapters/sqs/contact-queue.ts';
import { SqsDeadLetters } from '../adapters/sqs/dead-letters.ts';
import type { IntakeConfig } from '../config.ts';
import type { ChannelAdapter } from '../core/channels/adapter.ts';
import { settingsFrom } from '../shared/client-settings.ts';
import { createObservability } from '../shared/observability.ts';
import type { SqsHandler } from '../shared/sqs-batch.ts';
import { createSqsClient } from '../shared/sqs-client.ts';
import { createIntakeHandler, type IntakeHandlerDeps } from './create-handler.ts';

export interface IntakeOverrides {
  /** Test-only: wrap the wired dependencies (fault injection). Never set in AWS. */
  readonly decorate?: (deps: IntakeHandlerDeps) => IntakeHandlerDeps;
}

/**
 * The queues and observability of one channel's intake around the given adapter. The adapter is passed in
 * rather than looked up so that each Lambda entry bundles only its own: chat and social carry neither the
 * MIME parser nor the S3 client (functions/intake/handler.ts vs email-handler.ts).
 */
export function wireChannelIntake(
  config: IntakeConfig,
  adapter: ChannelAdapter,
  overrides: IntakeOverrides = {},
): SqsHandler {
  if (adapter.channel !== config.CHANNEL) {
    throw new Error(`intake for channel '${config.CHANNEL}' was given the ${adapter.channel} adapter`);
  }
  const sqs = createSqsClient(settingsFrom(config));
  const deps: IntakeHandlerDeps = {
    adapter,
    contacts: new SqsContactQueue(sqs, config.CONTACTS_QUEUE_URL),
    deadLetters: new SqsDeadLetters(sqs, config.DEAD_LETTER_QUEUE_URL),
    ...createObservability(`intake-${config.CHANNEL}`),
  };
  return createIntakeHandler(overrides.decorate ? overrides.decorate(deps) : deps);
}
