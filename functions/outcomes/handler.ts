import { DynamoCaseOperations } from '../adapters/dynamodb/case-operations.ts';
import { loadConfig, operationsConfigSchema } from '../config.ts';
import { createDynamoClient, settingsFrom } from '../shared/clients.ts';
import { createObservability } from '../shared/observability.ts';
import { createOutcomesHandler } from './create-handler.ts';

const config = loadConfig(operationsConfigSchema, process.env);

export const handler = createOutcomesHandler({
  ops: new DynamoCaseOperations(createDynamoClient(settingsFrom(config)), config.TABLE_NAME),
  logger: createObservability('outcomes').logger,
  clock: () => new Date(),
});
