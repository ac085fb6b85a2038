import type { SQSClient } from '@aws-sdk/client-sqs';
import { SqsRoutingPublisher } from '../adapters/sqs/routing-publisher.ts';
import { type ClientSettings, createSnsClient, createSqsClient } from './clients.ts';

/**
 * The publisher triage and the sweeper share: senior/normal queues, plus the alerts topic when configured.
 * A caller that already holds an SQS client passes it: one client per container, one connection pool.
 */
export function routingPublisher(
  settings: ClientSettings,
  config: { SENIOR_QUEUE_URL: string; NORMAL_QUEUE_URL: string; ALERT_TOPIC_ARN?: string | undefined },
  sqs: SQSClient = createSqsClient(settings),
): SqsRoutingPublisher {
  return new SqsRoutingPublisher(
    sqs,
    { senior: config.SENIOR_QUEUE_URL, normal: config.NORMAL_QUEUE_URL },
    config.ALERT_TOPIC_ARN ? { sns: createSnsClient(settings), topicArn: config.ALERT_TOPIC_ARN } : undefined,
  );
}
