import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { DeadLetters } from '../adapters/sqs/dead-letters.ts';
import { type ChannelAdapter, IgnoredMessage } from '../core/channels/adapter.ts';
import { intakeMessage } from '../core/intake.ts';
import type { ContactQueue } from '../core/ports.ts';
import { createSqsBatchHandler, type SqsHandler } from '../shared/sqs-batch.ts';

export interface IntakeHandlerDeps {
  /** The one channel this function drains: its adapter turns the queue's bodies into Contacts. */
  readonly adapter: ChannelAdapter;
  readonly contacts: ContactQueue;
  readonly deadLetters: DeadLetters;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

export function createIntakeHandler(deps: IntakeHandlerDeps): SqsHandler {
  return createSqsBatchHandler({
    ...deps,
    processInParallel: true,
    processRecord: async (record) => {
      const receivedAt = new Date(Number(record.attributes.SentTimestamp) || Date.now()).toISOString();
      try {
        const contact = await intakeMessage(record.body, receivedAt, deps);
        deps.logger.info('contact accepted', {
          messageId: record.messageId,
          contactId: contact.id,
          channel: contact.channel,
          language: contact.language,
        });
        deps.metrics.addMetric('ContactAccepted', MetricUnit.Count, 1);
      } catch (error) {
        if (!(error instanceof IgnoredMessage)) throw error;
        // Not a customer message by design (SES's setup notification): said and counted, not dead-lettered.
        deps.logger.info('message ignored', {
          messageId: record.messageId,
          code: error.code,
          reason: error.reason,
        });
        deps.metrics.addMetric('MessageIgnored', MetricUnit.Count, 1);
      }
    },
  });
}
