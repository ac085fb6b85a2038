import { SqsContactQueue } from '../adapters/sqs/contact-queue.ts';
import { SqsDeadLetters } from '../adapters/sqs/dead-letters.ts';
import type { IntakeConfig } from '../config.ts';
import { createSqsClient, settingsFrom } from '../shared/clients.ts';
import { createObservability } from '../shared/observability.ts';
import type { SqsHandler } from '../shared/sqs-batch.ts';
import { createIntakeHandler } from './create-handler.ts';

/** Builds the intake handler from validated config: used by the Lambda entry and by the local stack alike. */
export function wireIntake(config: IntakeConfig): SqsHandler {
  const sqs = createSqsClient(settingsFrom(config));
  return createIntakeHandler({
    channel: config.CHANNEL,
    contacts: new SqsContactQueue(sqs, config.CONTACTS_QUEUE_URL),
    deadLetters: new SqsDeadLetters(sqs, config.DEAD_LETTER_QUEUE_URL),
    ...createObservability(`intake-${config.CHANNEL}`),
  });
}
