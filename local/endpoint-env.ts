/**
 * The endpoint part of every handler's configuration, pointed at the local servers: DynamoDB Local, and
 * fauxqs for SQS and SNS. Handlers run locally read the same config schemas as in Lambda.
 */
export function localEndpointEnv(servers: {
  readonly region: string;
  readonly dynamodbEndpoint: string;
  readonly sqsEndpoint: string;
}) {
  return {
    AWS_REGION: servers.region,
    FLASHPOINT_DYNAMODB_ENDPOINT: servers.dynamodbEndpoint,
    FLASHPOINT_SQS_ENDPOINT: servers.sqsEndpoint,
    FLASHPOINT_SNS_ENDPOINT: servers.sqsEndpoint,
  };
}
