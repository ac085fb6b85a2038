/**
 * Monthly AWS cost of N messages through Flashpoint, by service. Pure arithmetic over the prices
 * (./prices.ts), the usage per message (./usage.ts, and ./capacity.json for DynamoDB, measured by
 * bench/capacity.ts) and the stack's own settings in infra/resources.ts; no I/O, no clock.
 */
import { BATCH_SIZE, FUNCTION_TIMEOUT_SECONDS, QUEUES } from '../../../infra/resources.ts';
import { CAPACITY, type CapacityFigures } from './measured.ts';
import { PRICES, type PriceTable } from './prices.ts';
import { averageBatch, chunks, SECONDS_PER_MONTH, sampledTraces } from './rates.ts';
import { type TeamInputs, teamCosts, teamFixedCosts } from './team.ts';
import { USAGE, type UsageTable } from './usage.ts';

export { averageBatch, SECONDS_PER_MONTH } from './rates.ts';
export type { TeamInputs } from './team.ts';

export const COST_MODES = ['embedded', 'cascade', 'comprehend'] as const;
export type CostMode = (typeof COST_MODES)[number];

export interface CostInputs {
  /** Messages per month. */
  readonly messages: number;
  readonly mode: CostMode;
  /** Average characters of the text scored per message. */
  readonly avgChars: number;
  /** `cascade` only: share of texts sent to Comprehend. */
  readonly cascadeShare: number;
  /** Share of messages that arrive as mail through SES (the rest: chat and social, in the mix's ratio). */
  readonly emailShare: number;
  /** Share of messages pushed through the REST intake API (chat and social tools); 0 if they write to SQS. */
  readonly apiShare: number;
  /** Raw size of one received mail; by default from avgChars (USAGE.mail). */
  readonly mailBytes?: number;
  readonly memoryMb: number;
  /** Lambda duration per invocation and per record; triage is interpolated by avgChars unless given. */
  readonly intakeMs: { readonly perInvocation: number; readonly perMessage: number };
  readonly triageMs?: { readonly perInvocation: number; readonly perMessage: number };
  /** The people working the cases: sized by the team, not by the messages (./team.ts). */
  readonly team: TeamInputs;
}

/**
 * `pipeline`: what Flashpoint itself runs per message, whatever the channel. `ingress`: the fee of the
 * door a message comes in by — SES receiving for mail (and the S3 object and SNS notice it makes), API
 * Gateway for chat and social tools — paid for mail received through SES whatever the pipeline does.
 * `tracing`: X-Ray on every function and the API stage. `team`: what the people working the cases use —
 * the web inbox (CloudFront, S3, Cognito, its API), alert delivery and the deadline sweeper — sized by the
 * team and its open cases, so the per-message groups stay comparable whatever the team.
 */
export const COST_GROUPS = ['pipeline', 'ingress', 'tracing', 'team'] as const;
export type CostGroup = (typeof COST_GROUPS)[number];

export interface ServiceCost {
  readonly service: string;
  readonly group: CostGroup;
  readonly usd: number;
  /** What was counted, e.g. { requests: 3.6e6 }. */
  readonly usage: Readonly<Record<string, number>>;
  readonly note: string;
}

export interface CostReport {
  readonly inputs: CostInputs;
  /** Costs that scale with the messages. */
  readonly services: readonly ServiceCost[];
  /** Sum of `services`, US dollars: everything, every group. */
  readonly total: number;
  /** Sum of `services` per group. */
  readonly subtotals: Readonly<Record<CostGroup, number>>;
  /** Costs of having the stack deployed at all, whatever the volume (not in `total`). */
  readonly fixedMonthly: readonly ServiceCost[];
  readonly fixedTotal: number;
  /** Average messages per invocation on the intake queues and the contacts queue. */
  readonly batches: { readonly intake: number; readonly contacts: number };
}

/** 300 characters: a short message, a chat turn or post with some context (the 3-unit Comprehend minimum). */
export const DEFAULT_AVG_CHARS = 300;

export type CostOverrides = Partial<Omit<CostInputs, 'team'>> & { readonly team?: Partial<TeamInputs> };

export function defaultInputs(messages: number, overrides: CostOverrides = {}): CostInputs {
  const emailShare = overrides.emailShare ?? USAGE.channels.email;
  const t = USAGE.team;
  return {
    messages,
    mode: 'embedded',
    avgChars: DEFAULT_AVG_CHARS,
    cascadeShare: USAGE.cascadeShare,
    emailShare,
    apiShare: 1 - emailShare,
    memoryMb: USAGE.lambda.memoryMb,
    intakeMs: USAGE.lambda.intakeMs,
    ...overrides,
    team: {
      staff: t.staff,
      inboxHours: t.inboxHours,
      openCases: t.openCases,
      alertEmails: t.alerts.emailSubscriptions,
      alertWebhook: t.alerts.webhook,
      ...overrides.team,
    },
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

/** Raw bytes of one received mail: the given size, or the envelope plus the text about three times over. */
export function mailBytesOf(inputs: CostInputs, usage: UsageTable = USAGE): number {
  return inputs.mailBytes ?? usage.mail.envelopeBytes + usage.mail.bytesPerChar * inputs.avgChars;
}

/** DynamoDB units and bytes per message at `avgChars`: measured at the mix, moved by the measured slope. */
export function dynamodbPerMessage(avgChars: number, measured: CapacityFigures = CAPACITY) {
  const extraChars = avgChars - measured.mix.chars;
  return {
    writeUnits: Math.max(
      1,
      measured.writesPerMessage + (measured.writesPerThousandChars * extraChars) / 1000,
    ),
    readUnits: measured.readsPerMessage,
    storedBytes: Math.max(0, measured.storedBytesPerMessage + measured.storedBytesPerChar * extraChars),
  };
}

export function estimateCost(
  inputs: CostInputs,
  prices: PriceTable = PRICES,
  usage: UsageTable = USAGE,
  measured: CapacityFigures = CAPACITY,
): CostReport {
  const n = inputs.messages;
  const mails = n * inputs.emailShare;
  const { chat, social } = usage.channels;
  const chats = ((n - mails) * chat) / (chat + social);
  const intakeQueues = [mails, chats, n - mails - chats].filter((count) => count > 0);
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
  // Whoever works the senior and normal queues receives and deletes too; assumed in batches of 10.
  const routedPerMessage = chunks(b.routed, chunkBytes) + perBatch(BATCH_SIZE, b.routed);
  const sqsPerMessage =
    chunks(intakeBytes, chunkBytes) +
    perBatch(intakeBatch, intakeBytes) +
    chunks(contactBytes, chunkBytes) +
    perBatch(contactsBatch, contactBytes) +
    routedPerMessage;
  const sqsRequests = n * sqsPerMessage;
  // The senior queue is FIFO (infra/resources.ts): its share of the routed requests at the FIFO price.
  const fifoRequests = QUEUES.senior.fifo ? n * usage.seniorShare * routedPerMessage : 0;

  // Lambda: requests and GB-seconds of intake and triage (triage also waits for Comprehend).
  const triageMs = inputs.triageMs ?? triageDuration(inputs.avgChars, usage);
  // A batch bills at most the function timeout: past it Lambda stops the invocation.
  const capped = (invocations: number, perInvocation: number, perBatchMs: number) =>
    invocations * Math.min(FUNCTION_TIMEOUT_SECONDS * 1000, perInvocation + perBatchMs);
  const durationMs =
    capped(intakeInvocations, inputs.intakeMs.perInvocation, intakeBatch * inputs.intakeMs.perMessage) +
    capped(
      triageInvocations,
      triageMs.perInvocation,
      contactsBatch * (triageMs.perMessage + sentShare * usage.lambda.comprehendCallMs),
    );
  const gbSeconds = (durationMs / 1000) * (inputs.memoryMb / 1024);

  // DynamoDB: units per message as bench/capacity.ts measured them, moved to avgChars by its slope.
  const perMessage = dynamodbPerMessage(inputs.avgChars, measured);
  const writes = n * perMessage.writeUnits;
  const reads = n * perMessage.readUnits;
  const storedGb = (n * perMessage.storedBytes) / 1024 ** 3;

  // E-mail path: SES receipt (per mail and per 256 KB chunk), the mail in S3 (written by SES, read by
  // intake), one SNS publish.
  const mailBytes = mailBytesOf(inputs, usage);
  const sesChunks = mails * chunks(mailBytes, prices.ses.chunkBytes);
  const mailGbMonths = ((mails * mailBytes) / 1024 ** 3) * (usage.rawMailRetentionDays / 30.4);

  const logBytes =
    intakeInvocations * (usage.logs.intake.perInvocation + usage.logs.platformPerInvocation) +
    n * usage.logs.intake.perMessage +
    triageInvocations * (usage.logs.triage.perInvocation + usage.logs.platformPerInvocation) +
    n * usage.logs.triage.perMessage +
    apiRequests * usage.logs.apiAccessLogLine;

  const traced = invocations + apiRequests;
  const traces = sampledTraces(traced, usage);

  const services: ServiceCost[] = [
    {
      service: 'sqs',
      group: 'pipeline',
      usd:
        ((sqsRequests - fifoRequests) / 1e6) * prices.sqs.perMillionRequests +
        (fifoRequests / 1e6) * prices.sqs.perMillionFifoRequests,
      usage: { requests: sqsRequests, requestsPerMessage: sqsPerMessage, fifoRequests },
      note: 'send per queue hop (intake, contacts, senior/normal); receive + delete per batch',
    },
    {
      service: 'lambda',
      group: 'pipeline',
      usd: (invocations / 1e6) * prices.lambda.perMillionRequests + gbSeconds * prices.lambda.perGbSecond,
      usage: { invocations, gbSeconds, triageMsPerMessage: triageMs.perMessage },
      note: `arm64, ${inputs.memoryMb} MB; intake + triage${documents > 0 ? ' (waiting for Comprehend included)' : ''}`,
    },
    {
      service: 'dynamodb',
      group: 'pipeline',
      usd:
        (writes / 1e6) * prices.dynamodb.perMillionWrites + (reads / 1e6) * prices.dynamodb.perMillionReads,
      usage: {
        writeUnits: writes,
        readUnits: reads,
        writeUnitsPerMessage: perMessage.writeUnits,
        readUnitsPerMessage: perMessage.readUnits,
      },
      note: `on-demand; ${round1(perMessage.writeUnits)} write + ${round1(perMessage.readUnits)} read units a message (bench/capacity.ts)`,
    },
    {
      service: 'dynamodb-storage',
      group: 'pipeline',
      usd: storedGb * (prices.dynamodb.storagePerGbMonth + prices.dynamodb.pitrPerGbMonth),
      usage: { gbAdded: storedGb },
      note: "this month's items and index entries, storage + PITR; recurs every month they are kept",
    },
    {
      service: 'comprehend',
      group: 'pipeline',
      usd: tieredCost(units, prices.comprehend.tiers),
      usage: { documents, units },
      note:
        inputs.mode === 'embedded'
          ? 'embedded model only: nothing sent'
          : `${Math.round(sentShare * 100)} % of texts, ${comprehendUnits(inputs.avgChars, prices)} units each (3-unit minimum)`,
    },
    {
      service: 'ses',
      group: 'ingress',
      usd: (mails / 1000) * prices.ses.perThousandMails + (sesChunks / 1000) * prices.ses.perThousandChunks,
      usage: { mails, chunks: sesChunks, mailBytes },
      note: `e-mail receiving fee: ${Math.round(inputs.emailShare * 100)} % of messages, ${chunks(mailBytes, prices.ses.chunkBytes)} chunk(s) of 256 KB each`,
    },
    {
      service: 's3-sns',
      group: 'ingress',
      usd:
        (mails / 1000) * (prices.s3.perThousandPuts + prices.s3.perThousandGets) +
        mailGbMonths * prices.s3.storagePerGbMonth +
        (mails / 1e6) * prices.sns.perMillionPublishes,
      usage: { mails, mailGbMonths },
      note: `raw mail: SES puts it in S3 (${usage.rawMailRetentionDays} days), SNS notifies, intake gets it`,
    },
    {
      service: 'api-gateway',
      group: 'ingress',
      usd: (apiRequests / 1e6) * prices.apiGateway.perMillionRequests,
      usage: { requests: apiRequests },
      note: `REST intake API, ${Math.round(inputs.apiShare * 100)} % of messages`,
    },
    {
      service: 'cloudwatch-logs',
      group: 'pipeline',
      usd: (logBytes / 1024 ** 3) * prices.cloudwatchLogs.perGbIngested,
      usage: { gbIngested: logBytes / 1024 ** 3, bytesPerMessage: n > 0 ? logBytes / n : 0 },
      note: 'handler JSON lines, EMF metrics, Lambda platform lines, API access logs',
    },
    {
      service: 'x-ray',
      group: 'tracing',
      usd: (traces / 1e6) * prices.xray.perMillionTracesRecorded,
      usage: { traces },
      note: 'active tracing on every function and the API stage; default sampling (1/s + 5 %)',
    },
    ...teamCosts(inputs, { alerts: n * usage.seniorShare, pipelineTraced: traced }, prices, usage),
  ];

  const consumed = Object.values(QUEUES).filter((q) => q.consumer).length;
  const alarms = Object.values(QUEUES).length + 3 * consumed;
  const idleReceives = consumed * usage.idlePollers * (SECONDS_PER_MONTH / usage.idlePollSeconds);
  const fixedMonthly: ServiceCost[] = [
    {
      service: 'sqs-idle-polling',
      group: 'pipeline',
      usd: (idleReceives / 1e6) * prices.sqs.perMillionRequests,
      usage: { requests: idleReceives },
      note: `${consumed} consumed queues × ${usage.idlePollers} Lambda pollers, one long poll per ${usage.idlePollSeconds} s`,
    },
    {
      service: 'cloudwatch-alarms',
      group: 'pipeline',
      usd: alarms * prices.cloudwatch.perAlarmMonth,
      usage: { alarms },
      note: 'one DLQ alarm per queue; oldest message, errors and throttles per consumed queue',
    },
    {
      service: 'cloudwatch-metrics-dashboard',
      group: 'pipeline',
      usd:
        usage.customMetrics * prices.cloudwatch.perMetricMonth +
        usage.dashboards * prices.cloudwatch.perDashboardMonth,
      usage: { customMetrics: usage.customMetrics, dashboards: usage.dashboards },
      note: 'EMF custom metrics (estimated count) and the pipeline dashboard',
    },
    {
      service: 'kms',
      group: 'ingress',
      usd: usage.kmsKeys * prices.kms.perKeyMonth,
      usage: { keys: usage.kmsKeys },
      note: 'customer-managed key of the SES notifications topic',
    },
    ...teamFixedCosts(inputs.team, prices, usage),
  ];

  // Pipeline first, then the doors messages come in by, tracing, and the team: the order the table prints.
  const ordered = COST_GROUPS.flatMap((g) => services.filter((c) => c.group === g));
  const subtotal = (g: CostGroup) => sum(services.filter((c) => c.group === g));
  return {
    inputs,
    services: ordered,
    total: sum(services),
    subtotals: {
      pipeline: subtotal('pipeline'),
      ingress: subtotal('ingress'),
      tracing: subtotal('tracing'),
      team: subtotal('team'),
    },
    fixedMonthly,
    fixedTotal: sum(fixedMonthly),
    batches: { intake: intakeBatch, contacts: contactsBatch },
  };
}

const round1 = (x: number) => Math.round(x * 10) / 10;

function sum(costs: readonly ServiceCost[]): number {
  return costs.reduce((total, c) => total + c.usd, 0);
}
