import { DynamoCaseOperations } from '../adapters/dynamodb/case-operations.ts';
import { DynamoCaseReader } from '../adapters/dynamodb/case-reader.ts';
import { loadConfig, operationsConfigSchema } from '../config.ts';
import { createDynamoClient, settingsFrom } from '../shared/clients.ts';
import { createObservability } from '../shared/observability.ts';
import { createInboxHandler } from './create-handler.ts';

const config = loadConfig(operationsConfigSchema, process.env);
const db = createDynamoClient(settingsFrom(config));

/** API Gateway (REST, proxy integration, Cognito authorizer) → the inbox API. */
export const handler = createInboxHandler({
  reader: new DynamoCaseReader(db, config.TABLE_NAME),
  ops: new DynamoCaseOperations(db, config.TABLE_NAME),
  clock: () => new Date(),
  logger: createObservability('inbox').logger,
});
