/**
 * Every SDK client factory in one import, for the CLI, the local stack and the tests. A Lambda that does
 * not use DynamoDB imports the per-service files instead (functions/intake/wire.ts): @aws-sdk/lib-dynamodb
 * declares no `sideEffects: false`, so a bundle that merely imports it keeps ~45 KB of DynamoDB client.
 */
export { type ClientSettings, settingsFrom } from './client-settings.ts';
export { createDynamoClient } from './dynamodb-client.ts';
export { createSnsClient } from './sns-client.ts';
export { createSqsClient } from './sqs-client.ts';
