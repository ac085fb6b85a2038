export interface ClientSettings {
  readonly region: string;
  readonly dynamodbEndpoint?: string | undefined;
  readonly sqsEndpoint?: string | undefined;
  readonly snsEndpoint?: string | undefined;
}

/** Local servers accept any credentials; in AWS the default provider chain (the Lambda role) is used. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

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
