import { SQSClient } from '@aws-sdk/client-sqs';
import { type ClientSettings, LOCAL_CREDENTIALS } from './client-settings.ts';

export function createSqsClient(s: ClientSettings): SQSClient {
  return new SQSClient({
    region: s.region,
    // fauxqs answers on its own endpoint but hands out queue URLs on sqs.<region>.localhost.
    ...(s.sqsEndpoint
      ? { endpoint: s.sqsEndpoint, credentials: LOCAL_CREDENTIALS, useQueueUrlAsEndpoint: false }
      : {}),
  });
}
