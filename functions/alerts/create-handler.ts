import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { DeadLetters } from '../adapters/sqs/dead-letters.ts';
import { type DeliveryDeps, deliverAlert } from '../core/alerts/delivery.ts';
import { createSqsBatchHandler, type SqsHandler } from '../shared/sqs-batch.ts';
import { noticeFromBody } from './notice-body.ts';

export interface AlertDeliveryHandlerDeps extends DeliveryDeps {
  readonly deadLetters: DeadLetters;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/**
 * Drains the alert-delivery queue: one notice per record, posted to the chat webhook. Records run side by
 * side: alerts of different cases have no order to keep, and ten sequential timeouts would outlast the
 * function. Retry versus poison is decided in functions/core/alerts/webhook-verdict.ts.
 */
export function createAlertDeliveryHandler(deps: AlertDeliveryHandlerDeps): SqsHandler {
  return createSqsBatchHandler({
    ...deps,
    processInParallel: true,
    processRecord: async (record) => {
      const notice = noticeFromBody(record.body);
      const result = await deliverAlert(notice, deps);
      const ids = {
        messageId: record.messageId,
        alertId: notice.alertId,
        kind: notice.kind,
        tier: notice.tier,
        ...(notice.kind === 'incident' ? { incidentId: notice.incidentId } : { caseId: notice.caseId }),
      };
      if (result.status === 'already_delivered') {
        deps.logger.info('alert already delivered; not posted again', {
          ...ids,
          deliveredAt: result.deliveredAt,
        });
        deps.metrics.addMetric('AlertAlreadyDelivered', MetricUnit.Count, 1);
        return;
      }
      deps.logger.info('alert posted to the webhook', {
        ...ids,
        httpStatus: result.httpStatus,
        recorded: result.recorded,
      });
      deps.metrics.addMetric('AlertDelivered', MetricUnit.Count, 1);
      if (!result.recorded) {
        deps.logger.warn(
          'alert posted but its delivery record was not written; an SNS duplicate may post again',
          ids,
        );
        deps.metrics.addMetric('AlertDeliveryUnrecorded', MetricUnit.Count, 1);
      }
    },
  });
}
