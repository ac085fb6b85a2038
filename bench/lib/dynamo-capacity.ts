import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { TABLE, type TableIndex } from '../../infra/resources.ts';

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

type Item = Record<string, unknown>;
type Key = Record<string, unknown>;

/**
 * Asks DynamoDB (Local) for ReturnConsumedCapacity=INDEXES on every call of `client` and adds the answer
 * to `ledger`. DynamoDB Local applies the service's rules to single-item calls (1 KB write units, 4 KB
 * read units, one write per affected GSI, a delete and a put when an update moves an index key), but it
 * prices a whole TransactWriteItems as if it wrote only its largest item: five 600-byte puts come back
 * as 2 units where AWS bills 10 (2 per KB per item: a prepare and a commit write). Transactions are
 * therefore priced here, item by item, from the items as they were before and after (read through
 * `peek`, an unmetered client on the same table), with AWS's rules and Local's doubling of index writes.
 */
export function meterCapacity(
  client: DynamoDBDocumentClient,
  ledger: CapacityLedger,
  peek: DynamoDBDocumentClient,
): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      input.ReturnConsumedCapacity = 'INDEXES';
      const name = context.commandName ?? 'unknown';
      const writes = name === 'TransactWriteItemsCommand' ? transactItems(input) : undefined;
      const before = writes ? await Promise.all(writes.map((w) => read(peek, w))) : undefined;
      const started = process.hrtime.bigint();
      const result = await next(args);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const entry = ledger.get(name) ?? { calls: 0, table: 0, indexes: 0, floored: 0, ms: 0 };
      entry.calls++;
      entry.ms += ms;
      if (writes && before) {
        const after = await Promise.all(writes.map((w) => (w.kind === 'Update' ? read(peek, w) : w.item)));
        writes.forEach((w, i) => {
          const units = transactionalUnits(w.kind === 'Delete' ? undefined : after[i], before[i]);
          entry.table += units.table;
          entry.indexes += units.indexes;
          entry.floored += units.table;
        });
      } else {
        const output = result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] };
        const consumed = output.ConsumedCapacity;
        let table = 0;
        for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
          table += c.Table?.CapacityUnits ?? c.CapacityUnits ?? 0;
          for (const index of Object.values(c.GlobalSecondaryIndexes ?? {})) {
            entry.indexes += index.CapacityUnits ?? 0;
          }
        }
        entry.table += table;
        entry.floored += Math.max(table, keysAskedFor(input));
      }
      ledger.set(name, entry);
      return result;
    },
    { step: 'initialize', name: 'benchConsumedCapacity' },
  );
}

interface TransactWrite {
  readonly kind: 'Put' | 'Update' | 'Delete' | 'ConditionCheck';
  readonly tableName: string;
  readonly key: Key;
  /** Put only: the item written. */
  readonly item?: Item;
}

function transactItems(input: Record<string, unknown>): TransactWrite[] {
  const items = (input.TransactItems ?? []) as Record<
    string,
    { TableName: string; Key?: Key; Item?: Item }
  >[];
  return items.flatMap((entry) =>
    (['Put', 'Update', 'Delete', 'ConditionCheck'] as const).flatMap((kind) => {
      const op = entry[kind];
      if (!op) return [];
      const key = op.Key ?? {
        [TABLE.partitionKey]: op.Item?.[TABLE.partitionKey],
        [TABLE.sortKey]: op.Item?.[TABLE.sortKey],
      };
      return [{ kind, tableName: op.TableName, key, ...(op.Item ? { item: op.Item } : {}) }];
    }),
  );
}

async function read(peek: DynamoDBDocumentClient, w: TransactWrite): Promise<Item | undefined> {
  const { Item } = await peek.send(
    new GetCommand({ TableName: w.tableName, Key: w.key, ConsistentRead: true }),
  );
  return Item;
}

const KB = 1024;

/**
 * One item of a TransactWriteItems as AWS bills it: 2 units per KB of the larger of the item before and
 * after (a delete: the item as it was), at least 2. Each GSI whose key the item gains, loses or moves gets
 * a put and/or a delete of its projection; with projection ALL an update in place rewrites it too. Index
 * writes are doubled as DynamoDB Local doubles them in a one-item transaction.
 */
export function transactionalUnits(after: Item | undefined, before: Item | undefined) {
  const units = (bytes: number) => 2 * Math.max(1, Math.ceil(bytes / KB));
  let indexes = 0;
  for (const index of TABLE.indexes as readonly TableIndex[]) {
    // Keys only or a few included attributes: an entry under 1 KB, whatever the item's size.
    const projected = (item: Item | undefined) => (index.projection === 'ALL' ? itemBytes(item) : 0);
    const was = indexKey(before, index);
    const is = indexKey(after, index);
    if (was !== undefined && was === is) {
      const rewritten =
        index.projection === 'ALL' ||
        (index.nonKeyAttributes ?? []).some((a) => String(before?.[a]) !== String(after?.[a]));
      if (rewritten) indexes += units(projected(after));
      continue;
    }
    if (was !== undefined) indexes += units(projected(before));
    if (is !== undefined) indexes += units(projected(after));
  }
  return { table: units(Math.max(itemBytes(after), itemBytes(before))), indexes };
}

function indexKey(
  item: Item | undefined,
  index: { partitionKeys: readonly string[]; sortKeys: readonly string[] },
): string | undefined {
  const values = [...index.partitionKeys, ...index.sortKeys].map((name) => item?.[name]);
  return values.some((v) => v === undefined) ? undefined : values.map(String).join('\u0000');
}

/** DynamoDB's item size: attribute names plus values (strings in UTF-8, numbers ~1 byte per 2 digits). */
export function itemBytes(item: Item | undefined): number {
  if (!item) return 0;
  return Object.entries(item).reduce(
    (n, [name, value]) => n + Buffer.byteLength(name) + valueBytes(value),
    0,
  );
}

function valueBytes(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number')
    return Math.ceil(String(Math.abs(value)).replace(/[.-]|e.*$/g, '').length / 2) + 1;
  if (typeof value === 'boolean' || value === null || value === undefined) return 1;
  if (value instanceof Set) return [...value].reduce((n: number, v) => n + valueBytes(v), 3);
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + 1 + valueBytes(v), 3);
  if (typeof value === 'object') {
    return Object.entries(value as Item).reduce(
      (n, [k, v]) => n + 1 + Buffer.byteLength(k) + valueBytes(v),
      3,
    );
  }
  return 0;
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
  /** Write request units per message on the table (transactions: 2 per KB per item, priced here). */
  readonly wruTable: number;
  /** Write request units per message on the GSIs (keys only: only when an index key appears, moves or goes). */
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
