import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Capacity units per low-level command name (GetItemCommand, TransactWriteItemsCommand, …). */
export interface CommandCapacity {
  calls: number;
  table: number;
  indexes: number;
  /** Wall time of the calls, milliseconds. */
  ms: number;
  /** Table units with at least 1 per key asked for (BatchGetItem) or per call: see CapacitySummary.rru. */
  floored: number;
}

export type CapacityLedger = Map<string, CommandCapacity>;

/**
 * Asks DynamoDB (Local) for ReturnConsumedCapacity=INDEXES on every call of this client and adds the
 * answer to `ledger`. DynamoDB Local applies the service's rules (1 KB write units, 4 KB read units,
 * 2× for transactions, GSI writes per index, delete + put when an update moves an index key).
 */
export function meterCapacity(client: DynamoDBDocumentClient, ledger: CapacityLedger): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      input.ReturnConsumedCapacity = 'INDEXES';
      const started = process.hrtime.bigint();
      const result = await next(args);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const output = result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] };
      const name = context.commandName ?? 'unknown';
      const entry = ledger.get(name) ?? { calls: 0, table: 0, indexes: 0, floored: 0, ms: 0 };
      let table = 0;
      const consumed = output.ConsumedCapacity;
      for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
        table += c.Table?.CapacityUnits ?? c.CapacityUnits ?? 0;
        for (const index of Object.values(c.GlobalSecondaryIndexes ?? {})) {
          entry.indexes += index.CapacityUnits ?? 0;
        }
      }
      entry.calls++;
      entry.ms += ms;
      entry.table += table;
      entry.floored += Math.max(table, keysAskedFor(input));
      ledger.set(name, entry);
      return result;
    },
    { step: 'initialize', name: 'benchConsumedCapacity' },
  );
}

function keysAskedFor(input: Record<string, unknown>): number {
  const requestItems = input.RequestItems as Record<string, { Keys?: unknown[] }> | undefined;
  if (!requestItems) return 1;
  return Object.values(requestItems).reduce((n, r) => n + (r.Keys?.length ?? 0), 0);
}

const READS = new Set(['GetItemCommand', 'BatchGetItemCommand', 'QueryCommand']);

export interface CapacitySummary {
  /** Read request units per message as DynamoDB Local counted them. */
  readonly rruReported: number;
  /** The same, with at least 1 RRU per key or query (Local reports 0 for a miss; AWS may charge). */
  readonly rru: number;
  /** Write request units per message on the table (transactions count 2 per KB). */
  readonly wruTable: number;
  /** Write request units per message on the GSIs (projection ALL: the whole case item each time). */
  readonly wruIndexes: number;
  /** Per command: calls and units per message, and the mean wall time of one call. */
  readonly byCommand: Record<string, { calls: number; units: number; msPerCall: number }>;
}

export function summarise(ledger: CapacityLedger, messages: number): CapacitySummary {
  let rruReported = 0;
  let rru = 0;
  let wruTable = 0;
  let wruIndexes = 0;
  const byCommand: Record<string, { calls: number; units: number; msPerCall: number }> = {};
  for (const [name, c] of ledger) {
    const units = c.table + c.indexes;
    byCommand[name] = { calls: c.calls / messages, units: units / messages, msPerCall: c.ms / c.calls };
    if (READS.has(name)) {
      rruReported += c.table;
      rru += c.floored;
    } else {
      wruTable += c.table;
      wruIndexes += c.indexes;
    }
  }
  return {
    rruReported: rruReported / messages,
    rru: rru / messages,
    wruTable: wruTable / messages,
    wruIndexes: wruIndexes / messages,
    byCommand,
  };
}
