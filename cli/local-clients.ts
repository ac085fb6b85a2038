import { DynamoCaseOperations } from '../functions/adapters/dynamodb/case-operations.ts';
import { DynamoCaseReader } from '../functions/adapters/dynamodb/case-reader.ts';
import { createDynamoClient } from '../functions/shared/clients.ts';
import { clientSettings } from '../local/replay.ts';
import { readStackFile } from './stack-file.ts';

/**
 * The case store a command works on: the running local stack by default, or a table in AWS
 * (`--table NAME`, with the usual AWS credentials and region) for ops.
 */
export async function withCaseStore<T>(
  options: { stack?: string | undefined; table?: string | undefined },
  work: (store: { reader: DynamoCaseReader; ops: DynamoCaseOperations }) => Promise<T>,
): Promise<T> {
  const target = options.table
    ? { settings: { region: process.env.AWS_REGION ?? 'us-east-1' }, table: options.table }
    : (() => {
        const stack = readStackFile(options.stack);
        return { settings: clientSettings(stack), table: stack.tableName };
      })();
  const db = createDynamoClient(target.settings);
  try {
    return await work({
      reader: new DynamoCaseReader(db, target.table),
      ops: new DynamoCaseOperations(db, target.table),
    });
  } finally {
    db.destroy();
  }
}
