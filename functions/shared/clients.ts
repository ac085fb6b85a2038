import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface ClientSettings {
  readonly region: string;
  readonly dynamodbEndpoint?: string | undefined;
  readonly sqsEndpoint?: string | undefined;
  readonly snsEndpoint?: string | undefined;
}

/** Local servers accept any credentials; in AWS the default provider chain (the Lambda role) is used. */
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export function createDynamoClient(s: ClientSettings): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region: s.region,
    ...(s.dynamodbEndpoint ? { endpoint: s.dynamodbEndpoint, credentials: LOCAL_CREDENTIALS } : {}),
  });
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

export function createSqsClient(s: ClientSettings): SQSClient {
  return new SQSClient({
    region: s.region,
    // fauxqs answers on its own endpoint but hands out queue URLs on sqs.<region>.localhost.
    ...(s.sqsEndpoint
      ? { endpoint: s.sqsEndpoint, credentials: LOCAL_CREDENTIALS, useQueueUrlAsEndpoint: false }
      : {}),
  });
}

export function createSnsClient(s: ClientSettings): SNSClient {
  return new SNSClient({
    region: s.region,
    ...(s.snsEndpoint ? { endpoint: s.snsEndpoint, credentials: LOCAL_CREDENTIALS } : {}),
  });
}

export function settingsFrom(config: {
  AWS_REGION: string;
  FLASHPOINT_DYNAMODB_ENDPOINT?: string | undefined;
  FLASHPOINT_SQS_ENDPOINT?: string | undefined;
  FLASHPOINT_SNS_ENDPOINT?: string | undefined;
}): ClientSettings {
  return {
    region: config.AWS_REGION,
    dynamodbEndpoint: config.FLASHPOINT_DYNAMODB_ENDPOINT,
    sqsEndpoint: config.FLASHPOINT_SQS_ENDPOINT,
    snsEndpoint: config.FLASHPOINT_SNS_ENDPOINT,
  };
}
