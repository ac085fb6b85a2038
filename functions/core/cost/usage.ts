/**
 * What one message uses of each service, other than DynamoDB units (./capacity.json, measured by
 * bench/capacity.ts): Lambda durations and log volume measured by `npm run bench` (BENCHMARKS.md), and
 * estimates, each marked as one. The stack's own settings (batch size, batching window, queues, timeout)
 * are read from infra/resources.ts by the model itself.
 */

/** Lambda duration in milliseconds: a fixed part per invocation and a part per record in the batch. */
export interface DurationMs {
  readonly perInvocation: number;
  readonly perMessage: number;
}

/**
 * Durations were measured against DynamoDB Local and fauxqs on a shared 2-core machine; AWS latencies are
 * of the same order (single-digit ms per DynamoDB call), so treat them as ±50 %.
 */
export const USAGE = {
  measured: '2026-11-25, npm run bench on a shared 2-core AMD EPYC (see BENCHMARKS.md)',
  lambda: {
    /**
     * = FUNCTION_MEMORY_MB in infra/constructs/pipeline-function.ts (tests/unit/cost-model.test.ts checks
     * it; importing the construct would load aws-cdk-lib into the CLI).
     */
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
  /**
   * Estimate of a received mail's raw size: headers, signature and quoted history, plus the text about
   * three times over (text/plain, text/html markup, quoted-printable or base64 transfer encoding). ~48 KB
   * at 300 characters: one 256 KB SES chunk until ~70,000 characters.
   */
  mail: { envelopeBytes: 47_000, bytesPerChar: 3 },
  /**
   * The channel mix the bench measures DynamoDB at (bench/lib/messages.ts: chat 40 %, e-mail 30 %,
   * social 30 %; an assumption, not data). Mail arrives through SES; chat and social through the API.
   */
  channels: { email: 0.3, chat: 0.4, social: 0.3 },
  /** Estimate: share of messages routed to the senior (FIFO) queue; 9.8 % of the bench's short messages. */
  seniorShare: 0.1,
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
