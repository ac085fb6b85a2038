import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type ClientSettings, LOCAL_CREDENTIALS } from './client-settings.ts';

export function createDynamoClient(s: ClientSettings): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region: s.region,
    ...(s.dynamodbEndpoint ? { endpoint: s.dynamodbEndpoint, credentials: LOCAL_CREDENTIALS } : {}),
  });
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
