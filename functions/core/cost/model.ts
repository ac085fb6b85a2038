/**
 * Monthly AWS cost of N messages through Flashpoint, by service. Pure arithmetic over the price and usage
 * tables in ./prices.ts and the pipeline's shape in infra/resources.ts; no I/O, no clock.
 */
import { BATCH_SIZE, MAX_BATCHING_WINDOW_SECONDS, QUEUES } from '../../../infra/resources.ts';
import { PRICES, type PriceTable, USAGE, type UsageTable } from './prices.ts';

export const COST_MODES = ['embedded', 'cascade', 'comprehend'] as const;
export type CostMode = (typeof COST_MODES)[number];

/** AWS bills a month as 730 hours. */
export const SECONDS_PER_MONTH = 730 * 3600;

export interface CostInputs {
  /** Messages per month. */
  readonly messages: number;
  readonly mode: CostMode;
  /** Average characters of the text scored per message. */
  readonly avgChars: number;
  /** `cascade` only: share of texts sent to Comprehend. */
  readonly cascadeShare: number;
  /** Share of messages that arrive as mail through SES (the rest: chat and social, half each). */
  readonly emailShare: number;
  /** Share of messages pushed through the REST intake API (chat and social tools); 0 if they write to SQS. */
  readonly apiShare: number;
  /** Raw size of one received mail. */
  readonly mailBytes: number;
  readonly memoryMb: number;
  /** Lambda duration per invocation and per record; triage is interpolated by avgChars unless given. */
  readonly intakeMs: { readonly perInvocation: number; readonly perMessage: number };
  readonly triageMs?: { readonly perInvocation: number; readonly perMessage: number };
}

export interface ServiceCost {
  readonly service: string;
  readonly usd: number;
  /** What was counted, e.g. { requests: 3.6e6 }. */
  readonly usage: Readonly<Record<string, number>>;
  readonly note: string;
}

export interface CostReport {
  readonly inputs: CostInputs;
  /** Costs that scale with the messages. */
  readonly services: readonly ServiceCost[];
  /** Sum of `services`, US dollars. */
  readonly total: number;
  /** Costs of having the stack deployed at all, whatever the volume (not in `total`). */
  readonly fixedMonthly: readonly ServiceCost[];
  readonly fixedTotal: number;
  /** Average messages per invocation on the intake queues and the contacts queue. */
  readonly batches: { readonly intake: number; readonly contacts: number };
}

export function defaultInputs(messages: number, overrides: Partial<CostInputs> = {}): CostInputs {
  const emailShare = overrides.emailShare ?? 1 / 3;
  return {
    messages,
    mode: 'embedded',
    avgChars: 300,
    cascadeShare: USAGE.cascadeShare,
    emailShare,
    apiShare: 1 - emailShare,
    mailBytes: USAGE.mailBytes,
    memoryMb: USAGE.lambda.memoryMb,
    intakeMs: USAGE.lambda.intakeMs,
    ...overrides,
  };
}

/** Comprehend units of one document: 100 characters a unit, at least 3, of at most `maxChars` sent. */
export function comprehendUnits(
  chars: number,
  prices: PriceTable = PRICES,
  maxChars = USAGE.comprehendMaxChars,
) {
  const { charsPerUnit, minUnitsPerDocument } = prices.comprehend;
  return Math.max(minUnitsPerDocument, Math.ceil(Math.min(chars, maxChars) / charsPerUnit));
}

/** Price of `units` in a month under volume tiers (each tier priced for the units that fall in it). */
export function tieredCost(units: number, tiers: readonly { upToUnits: number; perUnit: number }[]): number {
  let cost = 0;
  let from = 0;
  for (const tier of tiers) {
    if (units <= from) break;
    cost += (Math.min(units, tier.upToUnits) - from) * tier.perUnit;
    from = tier.upToUnits;
  }
  return cost;
}

/**
 * Records per invocation of an SQS event source with a batching window: the first message opens the
 * window and those arriving within it join, up to the batch size. Arrivals are taken as even over the
 * month; real traffic peaks make batches fuller (fewer requests), so this errs on the expensive side.
 */
export function averageBatch(
  messagesPerMonth: number,
  batchSize = BATCH_SIZE,
  windowSeconds = MAX_BATCHING_WINDOW_SECONDS,
) {
  const perSecond = messagesPerMonth / SECONDS_PER_MONTH;
  return Math.min(batchSize, 1 + perSecond * windowSeconds);
}

const chunks = (bytes: number, chunkBytes: number) => Math.max(1, Math.ceil(bytes / chunkBytes));

/** Linear in characters through two measured points, never below the smaller one. */
function byChars(a: { chars: number; value: number }, b: { chars: number; value: number }, chars: number) {
  const slope = (b.value - a.value) / (b.chars - a.chars);
  return Math.max(Math.min(a.value, b.value), a.value + slope * (chars - a.chars));
}

export function triageDuration(avgChars: number, usage: UsageTable = USAGE) {
  const { triageMsShort: s, triageMsMail: m } = usage.lambda;
  return {
    perInvocation: byChars(
      { chars: s.chars, value: s.perInvocation },
      { chars: m.chars, value: m.perInvocation },
      avgChars,
    ),
    perMessage: byChars(
      { chars: s.chars, value: s.perMessage },
      { chars: m.chars, value: m.perMessage },
      avgChars,
    ),
  };
}

export function estimateCost(
  inputs: CostInputs,
  prices: PriceTable = PRICES,
  usage: UsageTable = USAGE,
): CostReport {
  const n = inputs.messages;
  const mails = n * inputs.emailShare;
  const perOtherChannel = (n - mails) / 2;
  const intakeQueues = [mails, perOtherChannel, perOtherChannel].filter((count) => count > 0);
  const intakeInvocations = intakeQueues.reduce((sum, count) => sum + count / averageBatch(count), 0);
  const contactsBatch = averageBatch(n);
  const triageInvocations = n > 0 ? n / contactsBatch : 0;
  const invocations = intakeInvocations + triageInvocations;
  const apiRequests = n * inputs.apiShare;

  // Comprehend: texts sent, billed units, and the time triage waits for the answer.
  const sentShare = inputs.mode === 'comprehend' ? 1 : inputs.mode === 'cascade' ? inputs.cascadeShare : 0;
  const documents = n * sentShare;
  const units = documents * comprehendUnits(inputs.avgChars, prices);

  // SQS: per message on each queue one send; receives and deletes per batch (receives billed per 64 KB).
  const { chunkBytes } = prices.sqs;
  const b = usage.sqsBytes;
  const intakeBytes =
    (mails * b.sesNotification + (n - mails) * (b.payloadOverhead + inputs.avgChars)) / Math.max(1, n);
  const contactBytes = b.contactOverhead + inputs.avgChars;
  const intakeBatch = intakeInvocations > 0 ? n / intakeInvocations : 1;
  const perBatch = (batch: number, bytes: number) => (2 * chunks(batch * bytes, chunkBytes)) / batch;
  const sqsPerMessage =
    chunks(intakeBytes, chunkBytes) +
    perBatch(intakeBatch, intakeBytes) +
    chunks(contactBytes, chunkBytes) +
    perBatch(contactsBatch, contactBytes) +
    chunks(b.routed, chunkBytes) +
    // Whoever works the senior and normal queues receives and deletes too; assumed in batches of 10.
    perBatch(BATCH_SIZE, b.routed);
  const sqsRequests = n * sqsPerMessage;

  // Lambda: requests and GB-seconds of intake and triage (triage also waits for Comprehend).
  const triageMs = inputs.triageMs ?? triageDuration(inputs.avgChars, usage);
  const durationMs =
    intakeInvocations * inputs.intakeMs.perInvocation +
    n * inputs.intakeMs.perMessage +
    triageInvocations * triageMs.perInvocation +
    n * triageMs.perMessage +
    documents * usage.lambda.comprehendCallMs;
  const gbSeconds = (durationMs / 1000) * (inputs.memoryMb / 1024);

  // DynamoDB: measured units per message at the mix's size, plus the text's share of larger contacts.
  const d = usage.dynamodb;
  const extraKChars = (inputs.avgChars - d.mixChars) / 1000;
  const writes = n * Math.max(1, d.writesPerMessage + d.writesPerThousandChars * extraKChars);
  const reads = n * d.readsPerMessage;
  const storedBytes = d.storedBytesPerMessage + d.storedBytesPerChar * (inputs.avgChars - d.mixChars);
  const storedGb = (n * Math.max(0, storedBytes)) / 1024 ** 3;

  // E-mail path: SES receipt, the mail in S3 (written by SES, read by intake), one SNS publish.
  const sesChunks = mails * chunks(inputs.mailBytes, prices.ses.chunkBytes);
  const mailGbMonths = ((mails * inputs.mailBytes) / 1024 ** 3) * (usage.rawMailRetentionDays / 30.4);

  const logBytes =
    intakeInvocations * (usage.logs.intake.perInvocation + usage.logs.platformPerInvocation) +
    n * usage.logs.intake.perMessage +
    triageInvocations * (usage.logs.triage.perInvocation + usage.logs.platformPerInvocation) +
    n * usage.logs.triage.perMessage +
    apiRequests * usage.logs.apiAccessLogLine;

  const traced = invocations + apiRequests;
  const reservoir = usage.xrayReservoirPerSecond * SECONDS_PER_MONTH;
  const traces = Math.min(traced, reservoir) + usage.xrayRate * Math.max(0, traced - reservoir);

  const services: ServiceCost[] = [
    {
      service: 'sqs',
      usd: (sqsRequests / 1e6) * prices.sqs.perMillionRequests,
      usage: { requests: sqsRequests, requestsPerMessage: sqsPerMessage },
      note: 'send per queue hop (intake, contacts, senior/normal); receive + delete per batch',
    },
    {
      service: 'lambda',
      usd: (invocations / 1e6) * prices.lambda.perMillionRequests + gbSeconds * prices.lambda.perGbSecond,
      usage: { invocations, gbSeconds, triageMsPerMessage: triageMs.perMessage },
      note: `arm64, ${inputs.memoryMb} MB; intake + triage${documents > 0 ? ' (waiting for Comprehend included)' : ''}`,
    },
    {
      service: 'dynamodb',
      usd:
        (writes / 1e6) * prices.dynamodb.perMillionWrites + (reads / 1e6) * prices.dynamodb.perMillionReads,
      usage: { writeUnits: writes, readUnits: reads },
      note: 'on-demand; transaction ×2, GSIs (projection ALL) and markRouted included',
    },
    {
      service: 'dynamodb-storage',
      usd: storedGb * (prices.dynamodb.storagePerGbMonth + prices.dynamodb.pitrPerGbMonth),
      usage: { gbAdded: storedGb },
      note: "this month's items incl. GSI copies, storage + PITR; recurs every month they are kept",
    },
    {
      service: 'comprehend',
      usd: tieredCost(units, prices.comprehend.tiers),
      usage: { documents, units },
      note:
        inputs.mode === 'embedded'
          ? 'embedded model only: nothing sent'
          : `${Math.round(sentShare * 100)} % of texts, ${comprehendUnits(inputs.avgChars, prices)} units each (3-unit minimum)`,
    },
    {
      service: 'ses',
      usd: (mails / 1000) * prices.ses.perThousandMails + (sesChunks / 1000) * prices.ses.perThousandChunks,
      usage: { mails, chunks: sesChunks },
      note: `email receiving, ${Math.round(inputs.emailShare * 100)} % of messages`,
    },
    {
      service: 's3-sns',
      usd:
        (mails / 1000) * (prices.s3.perThousandPuts + prices.s3.perThousandGets) +
        mailGbMonths * prices.s3.storagePerGbMonth +
        (mails / 1e6) * prices.sns.perMillionPublishes,
      usage: { mails, mailGbMonths },
      note: `raw mail: SES puts it in S3 (${usage.rawMailRetentionDays} days), SNS notifies, intake gets it`,
    },
    {
      service: 'api-gateway',
      usd: (apiRequests / 1e6) * prices.apiGateway.perMillionRequests,
      usage: { requests: apiRequests },
      note: `REST intake API, ${Math.round(inputs.apiShare * 100)} % of messages`,
    },
    {
      service: 'cloudwatch-logs',
      usd: (logBytes / 1024 ** 3) * prices.cloudwatchLogs.perGbIngested,
      usage: { gbIngested: logBytes / 1024 ** 3, bytesPerMessage: n > 0 ? logBytes / n : 0 },
      note: 'handler JSON lines, EMF metrics, Lambda platform lines, API access logs',
    },
    {
      service: 'x-ray',
      usd: (traces / 1e6) * prices.xray.perMillionTracesRecorded,
      usage: { traces },
      note: 'active tracing on every function and the API stage; default sampling (1/s + 5 %)',
    },
  ];

  const consumed = Object.values(QUEUES).filter((q) => q.consumer).length;
  const alarms = Object.values(QUEUES).length + 3 * consumed;
  const idleReceives = consumed * usage.idlePollers * (SECONDS_PER_MONTH / usage.idlePollSeconds);
  const fixedMonthly: ServiceCost[] = [
    {
      service: 'sqs-idle-polling',
      usd: (idleReceives / 1e6) * prices.sqs.perMillionRequests,
      usage: { requests: idleReceives },
      note: `${consumed} consumed queues × ${usage.idlePollers} Lambda pollers, one long poll per ${usage.idlePollSeconds} s`,
    },
    {
      service: 'cloudwatch-alarms',
      usd: alarms * prices.cloudwatch.perAlarmMonth,
      usage: { alarms },
      note: 'one DLQ alarm per queue; oldest message, errors and throttles per consumed queue',
    },
    {
      service: 'cloudwatch-metrics-dashboard',
      usd:
        usage.customMetrics * prices.cloudwatch.perMetricMonth +
        usage.dashboards * prices.cloudwatch.perDashboardMonth,
      usage: { customMetrics: usage.customMetrics, dashboards: usage.dashboards },
      note: 'EMF custom metrics (estimated count) and the pipeline dashboard',
    },
    {
      service: 'kms',
      usd: usage.kmsKeys * prices.kms.perKeyMonth,
      usage: { keys: usage.kmsKeys },
      note: 'customer-managed key of the SES notifications topic',
    },
  ];

  return {
    inputs,
    services,
    total: sum(services),
    fixedMonthly,
    fixedTotal: sum(fixedMonthly),
    batches: { intake: intakeBatch, contacts: contactsBatch },
  };
}

function sum(costs: readonly ServiceCost[]): number {
  return costs.reduce((total, c) => total + c.usd, 0);
}
