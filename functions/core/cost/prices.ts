/**
 * Everything the cost model (./model.ts) multiplies: AWS list prices, and what one message uses of
 * each service, each with where the number came from. Change a figure here, not in the model.
 */

/**
 * Public on-demand list prices in us-east-1 as known on `date`, written from the AWS pricing pages as
 * remembered — NOT fetched. They must be checked against https://aws.amazon.com/pricing/ before anyone
 * quotes a bill. Free tiers are not applied (they are per account and usually spent elsewhere).
 */
export const PRICES = {
  date: '2026-11-25',
  region: 'us-east-1',
  /** Standard queue: per million requests; every 64 KB chunk of a payload is billed as one request. */
  sqs: { perMillionRequests: 0.4, chunkBytes: 64 * 1024 },
  /** arm64 (the stack's architecture), first price tier; requests per million invocations. */
  lambda: { perGbSecond: 0.0000133334, perMillionRequests: 0.2 },
  /**
   * On-demand, Standard table class (after the November 2024 cut of on-demand throughput prices).
   * PITR is billed on the table size like storage.
   */
  dynamodb: { perMillionWrites: 0.625, perMillionReads: 0.125, storagePerGbMonth: 0.25, pitrPerGbMonth: 0.2 },
  /**
   * DetectSentiment / BatchDetectSentiment: units of 100 characters, at least 3 units per document;
   * the price per unit falls with the monthly volume (tiers).
   */
  comprehend: {
    charsPerUnit: 100,
    minUnitsPerDocument: 3,
    tiers: [
      { upToUnits: 10_000_000, perUnit: 0.0001 },
      { upToUnits: 50_000_000, perUnit: 0.00005 },
      { upToUnits: Number.POSITIVE_INFINITY, perUnit: 0.000025 },
    ],
  },
  /** SES email receiving: per 1,000 mails, plus per 1,000 incoming chunks of 256 KB. */
  ses: { perThousandMails: 0.1, perThousandChunks: 0.09, chunkBytes: 256 * 1024 },
  s3: { perThousandPuts: 0.005, perThousandGets: 0.0004, storagePerGbMonth: 0.023 },
  /** Publishes per million (64 KB chunks); SNS → SQS deliveries are free. */
  sns: { perMillionPublishes: 0.5 },
  /** REST API (what infra/constructs/http-intake-api.ts builds), first 333 million requests a month. */
  apiGateway: { perMillionRequests: 3.5 },
  cloudwatchLogs: { perGbIngested: 0.5 },
  xray: { perMillionTracesRecorded: 5 },
  cloudwatch: { perMetricMonth: 0.3, perAlarmMonth: 0.1, perDashboardMonth: 3 },
  kms: { perKeyMonth: 1 },
} as const;

export type PriceTable = typeof PRICES;

/** Lambda duration in milliseconds: a fixed part per invocation and a part per record in the batch. */
export interface DurationMs {
  readonly perInvocation: number;
  readonly perMessage: number;
}

/**
 * What one message uses, measured by `npm run bench` (BENCHMARKS.md) unless marked as an estimate.
 * Durations and capacity were measured against DynamoDB Local and fauxqs on a shared 2-core machine;
 * AWS latencies are of the same order (single-digit ms per DynamoDB call), so treat them as ±50 %.
 */
export const USAGE = {
  measured: '2026-11-25, npm run bench on a shared 2-core AMD EPYC (see BENCHMARKS.md)',
  lambda: {
    /** = FUNCTION_MEMORY_MB in infra/constructs/pipeline-function.ts (tests/unit/cost-model.test.ts checks it). */
    memoryMb: 512,
    /** Intake (chat, 10 records in parallel per invocation): one SendMessage per record. */
    intakeMs: { perInvocation: 3, perMessage: 1.1 } satisfies DurationMs,
    /**
     * Triage, records one after another: ~7 DynamoDB calls and one SendMessage per record. At ~100
     * characters (chat) and at ~1,000 (e-mail); the model interpolates by --avg-chars. Two bench runs gave
     * 24–45 ms per record on the loaded machine, sizes within noise of each other: the calls, not the
     * text, take the time. Means of the two runs.
     */
    triageMsShort: { perInvocation: 0, perMessage: 34, chars: 100 },
    triageMsMail: { perInvocation: 0, perMessage: 35, chars: 1_000 },
    /** Estimate, not measured (no Comprehend here): one BatchDetectSentiment round trip per message sent. */
    comprehendCallMs: 100,
  },
  /**
   * Per message, through DynamoCaseStore with ReturnConsumedCapacity (DynamoDB Local applies AWS's
   * rules: 1 KB write units, 4 KB strongly consistent read units, ×2 in TransactWriteItems, GSI writes
   * per index with projection ALL, delete + put when an update moves an index key). Reads: getContact
   * (GetItem), resolveCustomer (BatchGetItem, one key per identity), loadHistory (Query of the
   * customer's partition, plus a Query of the open case's partition when there is one), loadRoster
   * (Query) — floored at 1 unit per key or query, since Local reports 0 for a miss. Writes: the
   * saveDecision transaction (contact, timeline entry, decision, case, identity links, profile,
   * promises, staff load, open-case pointer) plus markRouted (UpdateItem of the contact item).
   * Measured on the paced mix (chat and social ~100 characters, e-mail ~1,000, ~27 % repeat contacts);
   * means of two bench runs, which agreed within 4 %.
   */
  dynamodb: {
    mixChars: 425,
    readsPerMessage: 5,
    writesPerMessage: 46.5,
    /**
     * Extra write units per 1,000 more characters: first contacts at ~1,000 (e-mail) vs ~100 (chat). The
     * text is written ~7 times: in the contact's JSON, in the case's brief and briefText, and in both GSI
     * copies of the case item (projection ALL); ×2 in the transaction, and again by markRouted.
     */
    writesPerThousandChars: 18,
    /** Table + GSI bytes per contact stored (DescribeTable on DynamoDB Local, no per-item overhead), at mixChars. */
    storedBytesPerMessage: 11_200,
    /** Derived, not measured: the ~7 stored copies of the text above. */
    storedBytesPerChar: 7,
  },
  /** Bytes written to stdout per invocation and per record (Powertools JSON lines, one EMF blob per invocation). */
  logs: {
    intake: { perInvocation: 204, perMessage: 400 },
    triage: { perInvocation: 176, perMessage: 560 },
    /** Estimate: Lambda's START, END and REPORT lines (REPORT carries the X-Ray trace id with active tracing). */
    platformPerInvocation: 360,
    /** Estimate: one access-log line of the REST API's custom JSON format (11 fields). */
    apiAccessLogLine: 330,
  },
  /** Estimates of message sizes on the queues, from the JSON shapes (SQS bills per 64 KB chunk). */
  sqsBytes: {
    /** SES → SNS → SQS notification envelope (the mail itself stays in S3). */
    sesNotification: 3_000,
    /** Channel JSON around the text (chat, social). */
    payloadOverhead: 400,
    /** Contact JSON around the text on the contacts queue. */
    contactOverhead: 700,
    /** Alert with its brief, or the normal-queue message with reasons. */
    routed: 4_000,
  },
  /**
   * Share of texts the cascade sends to Comprehend: the embedded probabilities inside the default band
   * [0.08, 0.25] — "~21–29 % of inbound support tweets" (functions/shared/text-model.ts,
   * DEFAULT_TEXT_MODEL_BAND). 25 %, the middle of that range.
   */
  cascadeShare: 0.25,
  /** Comprehend reads at most 5,000 bytes per document; the cascade cuts texts to 4,999 bytes. */
  comprehendMaxChars: 4_999,
  /** Estimate: a forwarded support mail with headers and an HTML part; one 256 KB SES chunk. */
  mailBytes: 50_000,
  /** Raw mail kept in S3 for RAW_MAIL_RETENTION_DAYS (infra/constructs/email-ingress.ts). */
  rawMailRetentionDays: 28,
  /**
   * Lambda's SQS pollers long-poll each consumed queue even when it is empty: 5 pollers, 20 s waits
   * (AWS's documented starting point), so ~3 receives a minute each.
   */
  idlePollers: 5,
  idlePollSeconds: 20,
  /** X-Ray default sampling rule: the first request each second, then 5 % of the rest. */
  xrayReservoirPerSecond: 1,
  xrayRate: 0.05,
  /**
   * Estimate from the metric names in functions/ (ContactAccepted, Routed_<tier>, Comprehend*, …) times
   * the Powertools `service` dimension of the function that emits them (intake-<channel>, triage, sweeper).
   */
  customMetrics: 23,
  dashboards: 1,
  /** The customer-managed key of the SES notifications topic (infra/constructs/email-ingress.ts). */
  kmsKeys: 1,
} as const;

export type UsageTable = typeof USAGE;
