import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { DeadLetters } from '../adapters/sqs/dead-letters.ts';
import { RejectionError } from '../core/errors.ts';

export interface SqsBatchOptions {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly deadLetters: DeadLetters;
  /** Sequential keeps one customer's messages in one batch from racing each other for the same case. */
  readonly processInParallel: boolean;
  readonly processRecord: (record: SQSRecord) => Promise<void>;
}

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/**
 * The one place that decides retry versus poison. A RejectionError means retrying cannot help: the
 * message is moved to its DLQ with the reason and counts as handled. Any other error fails only
 * that record (batchItemFailures), so SQS redelivers it and, after maxReceiveCount, dead-letters it.
 */
export function createSqsBatchHandler(o: SqsBatchOptions): SqsHandler {
  const recordHandler = async (record: SQSRecord): Promise<void> => {
    try {
      await o.processRecord(record);
    } catch (error) {
      if (!(error instanceof RejectionError)) {
        o.logger.warn('record failed; SQS will redeliver', {
          messageId: record.messageId,
          receiveCount: record.attributes.ApproximateReceiveCount,
          error: (error as Error).name,
          errorMessage: (error as Error).message,
        });
        o.metrics.addMetric('RecordRetried', MetricUnit.Count, 1);
        throw error;
      }
      await o.deadLetters.reject(record, error);
      o.logger.warn('record rejected to DLQ', {
        messageId: record.messageId,
        code: error.code,
        reason: error.reason,
      });
      o.metrics.addMetric('RecordRejected', MetricUnit.Count, 1);
    }
  };
  const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
    // A processor per invocation: it keeps the batch's failures in fields, and the local poller (like
    // Lambda with several concurrent invocations per process) runs batches side by side.
    processPartialResponse(event, recordHandler, new BatchProcessor(EventType.SQS), {
      context,
      processInParallel: o.processInParallel,
    });
  return middy(handler)
    .use(injectLambdaContext(o.logger))
    .use(logMetrics(o.metrics)) as unknown as SqsHandler;
}
