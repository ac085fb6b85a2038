import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { SQSRecord } from 'aws-lambda';
import type { DeadLetters } from '../../functions/adapters/sqs/dead-letters.ts';
import type { Contact } from '../../functions/core/contact.ts';
import type { RejectionError } from '../../functions/core/errors.ts';
import type { ContactQueue, RoutingPublisher } from '../../functions/core/ports.ts';
import type { RoutingMessage } from '../../functions/core/routing/messages.ts';
import type { TextModel } from '../../functions/core/scoring/text-model.ts';

export class RecordingDeadLetters implements DeadLetters {
  readonly rejected: { messageId: string; body: string; code: string; reason: string }[] = [];
  async reject(record: SQSRecord, error: RejectionError): Promise<void> {
    this.rejected.push({
      messageId: record.messageId,
      body: record.body,
      code: error.code,
      reason: error.reason,
    });
  }
}

export class RecordingPublisher implements RoutingPublisher {
  readonly published: RoutingMessage[] = [];
  failNext?: Error;
  async publish(message: RoutingMessage): Promise<void> {
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = undefined;
      throw error;
    }
    this.published.push(message);
  }
}

export class RecordingContactQueue implements ContactQueue {
  readonly sent: Contact[] = [];
  async send(contact: Contact): Promise<void> {
    this.sent.push(contact);
  }
}

/** A text model that answers a fixed probability, so scores in tests depend only on the rules under test. */
export function fixedTextModel(negative: number): TextModel {
  return {
    name: 'fixed',
    async scoreBatch(texts) {
      return texts.map(() => ({ negative, model: 'fixed' }));
    },
  };
}

/** Logger and metrics that write nowhere the test runner shows. */
export function quietObservability(): { logger: Logger; metrics: Metrics } {
  return {
    logger: new Logger({ serviceName: 'test', logLevel: 'SILENT' }),
    metrics: new Metrics({ serviceName: 'test', namespace: 'Test' }),
  };
}
