import { SNSClient } from '@aws-sdk/client-sns';
import { type ClientSettings, LOCAL_CREDENTIALS } from './client-settings.ts';

export function createSnsClient(s: ClientSettings): SNSClient {
  return new SNSClient({
    region: s.region,
    ...(s.snsEndpoint ? { endpoint: s.snsEndpoint, credentials: LOCAL_CREDENTIALS } : {}),
  });
}
