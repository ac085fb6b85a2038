import { SqsRoutingPublisher } from '../adapters/sqs/routing-publisher.ts';
import { type ClientSettings, createSnsClient, createSqsClient } from './clients.ts';

/** The publisher triage and the sweeper share: senior/normal queues, plus the alerts topic when configured. */
export function routingPublisher(
  settings: ClientSettings,
  config: { SENIOR_QUEUE_URL: string; NORMAL_QUEUE_URL: string; ALERT_TOPIC_ARN?: string | undefined },
): SqsRoutingPublisher {
  return new SqsRoutingPublisher(
    createSqsClient(settings),
    { senior: config.SENIOR_QUEUE_URL, normal: config.NORMAL_QUEUE_URL },
    config.ALERT_TOPIC_ARN ? { sns: createSnsClient(settings), topicArn: config.ALERT_TOPIC_ARN } : undefined,
  );
}
