/**
 * DynamoDB capacity per message, on its own: `node --import tsx bench/capacity.ts` (~1 minute). Starts the
 * local stack (DynamoDB Local + fauxqs) with the sample roster, drives the triage handler directly with
 * full batches through a client that asks every call for ReturnConsumedCapacity=INDEXES (case store and
 * spike store alike), and writes the figures the cost model reads to functions/core/cost/capacity.json.
 * DynamoDB Local applies the service's rules: 1 KB write units, 4 KB read units, ×2 inside
 * TransactWriteItems, one write per affected GSI, a delete and a put when an update moves an index key.
 * `npm run bench` runs the same measurement (bench/run.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { readRosterFile } from '../cli/commands/roster.ts';
import type { CapacityFigures } from '../functions/core/cost/measured.ts';
import { createDynamoClient } from '../functions/shared/clients.ts';
import { freePort } from '../local/ports.ts';
import { startLocalStack } from '../local/stack.ts';
import {
  contactsOf,
  meteredTriage,
  SimulatedArrivals,
  tableBytes,
  triageInBatches,
} from './lib/capacity-run.ts';
import { type CapacitySummary, summarise } from './lib/dynamo-capacity.ts';
import { machineInfo } from './lib/machine.ts';
import {
  type BenchMessage,
  MAIL_CHARS,
  messageMix,
  payloadFor,
  repeatShareOf,
  SHORT_CHARS,
} from './lib/messages.ts';
import { mean, num } from './lib/stats.ts';
import { syntheticTexts } from './text-model.ts';

export const CAPACITY_COMMAND = 'node --import tsx bench/capacity.ts';
/**
 * One message every 13 s. The synthetic texts mention billing in ~60 % of messages; at this rate no
 * topic reaches the spike detector's 20 mentions in 5 minutes, as a real mix spread over its topics would
 * not at 1 M a month (~3 a minute per topic). The figures are the steady state: no incident links.
 */
const SIMULATED_MONTHLY = 200_000;
const FIGURES = fileURLToPath(new URL('../functions/core/cost/capacity.json', import.meta.url));
const ROSTER = fileURLToPath(new URL('../local/samples/roster.json', import.meta.url));

export interface CapacityPhase {
  readonly name: string;
  readonly messages: number;
  readonly chars: number;
  readonly capacity: CapacitySummary;
  /** Table + GSI bytes this phase added, per message. */
  readonly storedBytesPerMessage: number;
}

export interface CapacityBench {
  readonly messagesPerMonth: number;
  readonly phases: {
    /** First contacts of new customers, chat and social, ~100 characters. */
    readonly firstShort: CapacityPhase;
    /** The same channels at ~1,000 characters: the difference is what the text's length costs. */
    readonly firstLong: CapacityPhase;
    /** First contacts of new customers by e-mail, ~1,000 characters. */
    readonly firstMail: CapacityPhase;
    /** A second short message of each firstShort customer, joining their open case. */
    readonly repeatShort: CapacityPhase;
    /** The pipeline mix (bench/lib/messages.ts) with ~30 % repeat contacts: what the cost model uses. */
    readonly mix: CapacityPhase & { readonly repeatShare: number; readonly shares: Record<string, number> };
  };
  /** Mean stored bytes per item kind at the end (estimated from the attributes, as DynamoDB sizes items). */
  readonly itemBytes: Record<string, { readonly items: number; readonly meanBytes: number }>;
}

export interface CapacityOptions {
  readonly perPhase: number;
  readonly mixMessages: number;
  /** The arrival rate simulated (triage's clock and the contacts' receivedAt): messages a month. */
  readonly messagesPerMonth: number;
}

export async function benchCapacity(o: CapacityOptions): Promise<CapacityBench> {
  const logDir = mkdtempSync(join(tmpdir(), 'flashpoint-capacity-'));
  const stack = await startLocalStack({
    dynamodbPort: await freePort(),
    sqsPort: 0,
    visibilityTimeoutSeconds: 30,
    logFile: join(logDir, 'pipeline.log'),
    roster: readRosterFile(ROSTER),
  });
  const arrivals = new SimulatedArrivals(new Date(), o.messagesPerMonth);
  const triage = meteredTriage(stack, arrivals.clock);
  const plain = createDynamoClient({ region: stack.region, dynamodbEndpoint: stack.dynamodbEndpoint });
  const at = new Date().toISOString();
  const phase = async (name: string, messages: readonly BenchMessage[]): Promise<CapacityPhase> => {
    const bodies = await contactsOf(messages, () => arrivals.arrive());
    const before = await tableBytes(plain, stack.tableName);
    triage.ledger.clear();
    await triageInBatches(triage.handler, bodies, arrivals.beforeBatch);
    const after = await tableBytes(plain, stack.tableName);
    return {
      name,
      messages: messages.length,
      chars: mean(messages.map((m) => m.chars)),
      capacity: summarise(triage.ledger, messages.length),
      storedBytesPerMessage: (after.table + after.indexes - before.table - before.indexes) / messages.length,
    };
  };
  try {
    const shortTexts = syntheticTexts(o.perPhase, SHORT_CHARS, 41);
    const repeatTexts = syntheticTexts(o.perPhase, SHORT_CHARS, 42);
    const mailTexts = syntheticTexts(o.perPhase, MAIL_CHARS, 43);
    const longTexts = syntheticTexts(o.perPhase, MAIL_CHARS, 44);
    const short = shortTexts.map((text, i) =>
      message(i % 2 === 0 ? 'chat' : 'social', text, 10_000 + i, `cap-short-${i}`, at),
    );
    const repeat = repeatTexts.map((text, i) =>
      message(i % 2 === 0 ? 'chat' : 'social', text, 10_000 + i, `cap-repeat-${i}`, at),
    );
    const mail = mailTexts.map((text, i) => message('email', text, 20_000 + i, `cap-mail-${i}`, at));
    const long = longTexts.map((text, i) =>
      message(i % 2 === 0 ? 'chat' : 'social', text, 30_000 + i, `cap-long-${i}`, at),
    );
    const firstShort = await phase('first contacts, ~100 characters (chat, social)', short);
    const firstLong = await phase('first contacts, ~1,000 characters (chat, social)', long);
    const firstMail = await phase('first contacts, ~1,000 characters (e-mail)', mail);
    const repeatShort = await phase('second contact of the same customer, ~100 characters', repeat);
    // Repeats two to five messages later: the customer's open case is found and updated.
    const mixMessages = messageMix(o.mixMessages, {
      seed: 505,
      repeatShare: 0.3,
      repeatLag: 3,
      runId: 'cap-mix',
      at,
    });
    const mixPhase = await phase(
      'pipeline mix (chat 40 %, e-mail 30 %, social 30 %; ~30 % repeat contacts)',
      mixMessages,
    );
    return {
      messagesPerMonth: o.messagesPerMonth,
      phases: {
        firstShort,
        firstLong,
        firstMail,
        repeatShort,
        mix: { ...mixPhase, repeatShare: repeatShareOf(mixMessages), shares: sharesOf(mixMessages) },
      },
      itemBytes: await itemBytes(plain, stack.tableName),
    };
  } finally {
    triage.close();
    plain.destroy();
    await stack.stop();
    rmSync(logDir, { recursive: true, force: true });
  }
}

function message(channel: BenchMessage['channel'], text: string, customer: number, id: string, at: string) {
  return { channel, customer, chars: text.length, body: payloadFor(channel, text, customer, id, at) };
}

function sharesOf(messages: readonly BenchMessage[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of messages) counts[m.channel] = (counts[m.channel] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).map(([k, n]) => [k, n / messages.length]));
}

/** Item kinds by key shape: CONTACT, CASE, DECISION#, timeline (CUSTOMER# … CONTACT#), and so on. */
function kindOf(item: Record<string, unknown>): string {
  const pk = String(item.PK);
  const sk = String(item.SK);
  const prefix = (s: string) => s.split('#')[0] ?? s;
  return `${prefix(pk)} / ${prefix(sk)}`;
}

async function itemBytes(db: DynamoDBDocumentClient, tableName: string) {
  const sums = new Map<string, { items: number; bytes: number }>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
    for (const item of page.Items ?? []) {
      const entry = sums.get(kindOf(item)) ?? { items: 0, bytes: 0 };
      entry.items++;
      entry.bytes += dynamoSize(item);
      sums.set(kindOf(item), entry);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return Object.fromEntries(
    [...sums].sort().map(([k, v]) => [k, { items: v.items, meanBytes: Math.round(v.bytes / v.items) }]),
  );
}

/** DynamoDB's item size rules: names plus values; strings in UTF-8, numbers ~1 byte per 2 digits. */
function dynamoSize(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number') return Math.ceil(String(Math.abs(value)).replace('.', '').length / 2) + 1;
  if (typeof value === 'boolean' || value === null || value === undefined) return 1;
  if (Array.isArray(value)) return 3 + value.reduce((n: number, v) => n + 1 + dynamoSize(v), 0);
  if (typeof value === 'object') {
    return (
      3 +
      Object.entries(value as Record<string, unknown>).reduce(
        (n, [k, v]) => n + 1 + Buffer.byteLength(k) + dynamoSize(v),
        0,
      )
    );
  }
  return 0;
}

/** The figures functions/core/cost reads: the mix for per-message units, first contacts for the slope. */
export function capacityFigures(b: CapacityBench, measuredAt: string, commit: string): CapacityFigures {
  const { firstShort, firstLong, mix } = b.phases;
  const writes = (p: CapacityPhase) => p.capacity.wruTable + p.capacity.wruIndexes;
  const round = (n: number, digits = 2) => Number(n.toFixed(digits));
  const scenario = (p: CapacityPhase) => ({
    messages: p.messages,
    chars: round(p.chars, 0),
    readUnits: round(p.capacity.rru),
    writeUnitsTable: round(p.capacity.wruTable),
    writeUnitsIndexes: round(p.capacity.wruIndexes),
    storedBytesPerMessage: round(p.storedBytesPerMessage, 0),
  });
  // Same channels, ten times the text: the length's own cost (e-mail first contacts differ in more than that).
  const dChars = firstLong.chars - firstShort.chars;
  return {
    measured: measuredAt,
    command: CAPACITY_COMMAND,
    commit,
    mix: {
      messagesPerMonth: b.messagesPerMonth,
      chars: round(mix.chars, 0),
      repeatShare: round(mix.repeatShare),
      emailShare: round(mix.shares.email ?? 0),
    },
    incidentsOpened: b.itemBytes['INCIDENT / INCIDENT']?.items ?? 0,
    readsPerMessage: round(mix.capacity.rru),
    writesPerMessage: round(writes(mix)),
    writesPerThousandChars: round(((writes(firstLong) - writes(firstShort)) / dChars) * 1000),
    storedBytesPerMessage: round(mix.storedBytesPerMessage, 0),
    storedBytesPerChar: round((firstLong.storedBytesPerMessage - firstShort.storedBytesPerMessage) / dChars),
    scenarios: {
      firstShort: scenario(firstShort),
      firstLong: scenario(firstLong),
      firstMail: scenario(b.phases.firstMail),
      repeatShort: scenario(b.phases.repeatShort),
      mix: scenario(mix),
    },
  };
}

/**
 * The same meter on commit 040fa1a, before the indexes projected keys only and briefs left out the
 * message text: a fixed point to compare with, measured once (2026-12-04), not re-run.
 */
export const BEFORE_KEYS_ONLY = {
  commit: '040fa1a',
  writesPerMessage: { firstShort: 37.8, firstMail: 55.2, repeatShort: 50.2, mix: 44.4 },
  indexWritesMix: 15.5,
  storedBytesMix: 10_911,
} as const;

export function capacityTable(b: CapacityBench): string[] {
  const rows = Object.values(b.phases).map((p) => {
    const c = p.capacity;
    const calls = Object.entries(c.byCommand)
      .map(([name, v]) => `${name.replace(/Command$/, '')} ${num(v.calls, 2)} (${num(v.units, 1)})`)
      .join(', ');
    return `| ${p.name} | ${p.messages} | ${num(p.chars)} | ${num(c.rru, 2)} | ${num(c.wruTable, 1)} | ${num(c.wruIndexes, 1)} | ${num(c.wruTable + c.wruIndexes, 1)} | ${num(p.storedBytesPerMessage)} | ${calls} |`;
  });
  return [
    '| messages | n | characters | read units | write units: table | GSIs | total | stored bytes | calls per message (units) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ];
}

/** The BENCHMARKS.md section: how it was measured, the table, where the bytes are, and what it was. */
export function capacitySection(b: CapacityBench): string[] {
  const before = BEFORE_KEYS_ONLY.writesPerMessage;
  const total = (p: CapacityPhase) => p.capacity.wruTable + p.capacity.wruIndexes;
  const { firstShort, firstLong, firstMail, repeatShort, mix } = b.phases;
  return [
    `### DynamoDB capacity per message (bench/capacity.ts, \`${CAPACITY_COMMAND}\`)`,
    '',
    'Triage invoked directly in 10-record batches against DynamoDB Local with the sample roster, every call of ' +
      `the case store and the spike store metered; arrivals simulated at ${num(b.messagesPerMonth)} a month, so no ` +
      'topic of the synthetic texts reaches the spike detector (the steady state: no contact is linked to an ' +
      "incident). Units as AWS bills them: DynamoDB Local's ReturnConsumedCapacity for single-item calls, and each " +
      'TransactWriteItems priced item by item (2 units per KB of the larger of the item before and after, index ' +
      'writes doubled as Local doubles them) — Local prices a whole transaction as if it wrote only its largest ' +
      'item (five 600-byte puts: 2 units; AWS bills 10). Read units are floored at 1 per key or query (Local ' +
      'reports 0 for a miss). The mix figures go to functions/core/cost/capacity.json, which `flashpoint cost` reads.',
    '',
    ...capacityTable(b),
    '',
    `Mean item size at the end: ${Object.entries(b.itemBytes)
      .map(([kind, v]) => `${kind} ${num(v.meanBytes)} B`)
      .join(', ')}.`,
    '',
    `Same meter on commit ${BEFORE_KEYS_ONLY.commit} (GSIs projecting ALL, the message text and rendered brief copied ` +
      `into the case and the stored alert, a profile write per contact): ${before.firstShort} / ${before.firstMail} / ` +
      `${before.repeatShort} / ${before.mix} write units (first short contact, first e-mail, second contact, mix; ` +
      `${BEFORE_KEYS_ONLY.indexWritesMix} of the mix's ` +
      `on the GSIs), ${num(BEFORE_KEYS_ONLY.storedBytesMix)} bytes stored per message. Now ${num(total(firstShort), 1)} / ` +
      `${num(total(firstMail), 1)} / ${num(total(repeatShort), 1)} / ${num(total(mix), 1)} (and ${num(total(firstLong), 1)} ` +
      'for a 1,000-character chat or post), ' +
      `${num(mix.capacity.wruIndexes, 1)} on the GSIs, ${num(mix.storedBytesPerMessage)} bytes.`,
    '',
  ];
}

/** The finding BENCHMARKS.md leads with: where the write units of a message go now. */
export function capacityFinding(b: CapacityBench): string {
  const { mix, repeatShort } = b.phases;
  const writes = mix.capacity.wruTable + mix.capacity.wruIndexes;
  return (
    `- **DynamoDB is still the largest pipeline cost.** ${num(writes, 1)} write units per message at the mix ` +
    `(${num(BEFORE_KEYS_ONLY.writesPerMessage.mix, 1)} before keys-only indexes and briefs without the text), ` +
    `${num(repeatShort.capacity.wruTable + repeatShort.capacity.wruIndexes, 1)} for a contact joining its open case. ` +
    'What is left is the price of idempotent storage: one transaction of 4–8 items per decision at 2 units per ' +
    'started KB per item (the contact item, with the text, is the largest; a case of one or two contacts stays under ' +
    '1 KB), a 2-item spike-counter transaction for a message with a topic, and the routed mark.'
  );
}

export interface CapacityRun {
  readonly bench: CapacityBench;
  /** As written to capacity.json: what the cost tables of the same bench run must use. */
  readonly figures: CapacityFigures;
}

/** Measures, and writes capacity.json (what the cost model reads); the figures are returned for the report. */
export async function runCapacity(): Promise<CapacityRun> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const measuredAt = new Date().toISOString();
  const bench = await benchCapacity({ perPhase: 60, mixMessages: 300, messagesPerMonth: SIMULATED_MONTHLY });
  const figures = capacityFigures(bench, measuredAt, machineInfo().commit);
  writeFileSync(FIGURES, `${JSON.stringify(figures, null, 2)}\n`);
  return { bench, figures };
}

async function main(): Promise<void> {
  const { bench } = await runCapacity();
  const say = (line: string) => process.stdout.write(`${line}\n`);
  for (const line of capacitySection(bench)) say(line);
  say(capacityFinding(bench));
  say('');
  say(
    `Incidents opened: ${bench.itemBytes['INCIDENT / INCIDENT']?.items ?? 0} (0 is the steady state the cost model wants).`,
  );
  say(`Wrote ${FIGURES}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    process.stderr.write(`capacity bench failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
