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
 * The team's side of the stack (infra/stacks/inbox-stack.ts, infra/constructs/deadline-sweeper.ts): what one
 * inbox poll, one page load, one alert and one sweep use. The list figures were measured with ReturnConsumedCapacity
 * against DynamoDB Local holding 200 and 5,000 open cases (tests/integration/inbox-paging.test.ts meters the same
 * read); durations on 2026-12-04 with the list handler (functions/inbox/create-handler.ts), ±50 % as above.
 */
const TEAM_USAGE = {
  /** Defaults, not data: a small senior team, a working day with the inbox in view. */
  staff: 5,
  inboxHours: 8,
  /**
   * Assumption: open cases, every tier. Only a recorded outcome closes a case, so in a deployment this grows
   * with the messages until staff close them. A poll reads one page of them (CASE_PAGE_SIZE), so past a page
   * it changes only the tier counts, and those stop growing at TIER_COUNT_CAP a tier.
   */
  openCases: 200,
  /** = POLL_MS in web/src/hooks.ts (checked by tests/unit/cost-model.test.ts): the list page's refresh. */
  pollSeconds: 4,
  inbox: {
    /**
     * Measured: 80 read units a poll at 200 open cases, 83.5 at 5,000 (before the case index: 402.5 and
     * 10,059). The page's index Queries (GSI3, ~150-byte entries, hottest tier first, stopping at the page):
     * ~1 unit; then per listed case the case and its latest contact's text and decision, eventually
     * consistent, ½ unit each.
     */
    readUnitsPerPoll: 1,
    readUnitsPerListedCase: 1.5,
    /**
     * The first page's tier counts: a COUNT Query a tier reading at most TIER_COUNT_CAP + 1 index entries,
     * billed ½ unit per 4 KB read (at least ½): 1 a tier at ~50 entries, 2 once past the cap, so 4 to 8 a poll.
     */
    indexEntryBytes: 150,
    /** Measured: ~670 bytes of JSON per listed case, sent uncompressed (CachingDisabled on /api/*), ~300 around them. */
    responseBytesPerListedCase: 670,
    responseBytesPerPoll: 300,
    /** Measured before the page bound: 91–368 ms a poll reading 73–353 cases on the loaded 2-core machine. */
    lambdaMs: { perInvocation: 20, perListedCase: 1.5 },
    /** Estimate: one request line through CloudFront to the API (headers, ID token). */
    requestBytes: 1_500,
    /** Estimate: a full load each time the page is opened (sign-in, a new tab). */
    pageLoadsPerDay: 4,
    /** index.html, the script, the stylesheet, /config.json (web/dist). */
    requestsPerPageLoad: 4,
    /** web/dist gzipped as CloudFront serves it (CachingOptimized compresses): script 157 KB, the rest ~3 KB. */
    pageBytes: 160_000,
  },
  /** The alerts topic and its subscribers: the chat webhook's delivery queue and e-mail addresses. */
  alerts: {
    /** README's example (`-c flashpoint:alertEmails=lead@example.com,ops@example.com`); none unless configured. */
    emailSubscriptions: 2,
    /** Deployed only with `-c flashpoint:alertWebhookSecretName=…`. */
    webhook: true,
    /** Estimate: the SNS message (text + JSON notice, MessageStructure json) and the raw notice on the queue. */
    publishBytes: 3_000,
    queueBytes: 1_200,
    /**
     * Estimate: records are posted side by side (functions/alerts/create-handler.ts), so an invocation
     * lasts about one webhook round trip plus the claim and the delivered mark.
     */
    lambdaMs: { perInvocation: 300, perMessage: 5 },
    /** Measured: the claim (PutItem) and the delivered mark (UpdateItem) of an item under 1 KB. */
    writeUnitsPerAlert: 2,
    /** The webhook secret is re-read at most every 5 minutes per warm instance (adapters/secrets/secret-string.ts). */
    secretReadsPerHour: 12,
  },
  /**
   * infra/constructs/deadline-sweeper.ts, every 5 minutes: a Query of the case index per swept tier (hot,
   * critical) for entries past their deadline and unacknowledged, ½ unit each when nothing or little is due,
   * then each due case read consistently, 1 unit (measured by tests/integration/inbox-paging.test.ts).
   */
  sweeper: {
    runsPerHour: 12,
    readUnitsPerRun: 1,
    readUnitsPerDueCase: 1,
    /** Estimate, on the high side: every alerted (hot or critical) case falls due once unacknowledged. */
    dueCasesPerAlert: 1,
    /** Estimate: two index Queries that mostly find nothing, as the list's fixed part. */
    lambdaMs: 20,
  },
  /** Bytes logged per inbox request, alert and sweep (handler JSON line), estimates from their log calls. */
  logs: { inboxRequest: 350, alert: 450, alertInvocation: 300, sweep: 300 },
} as const;

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
   * [0.10, 0.30] (functions/shared/text-model.ts, DEFAULT_TEXT_MODEL_BAND), measured 2026-12-04 with the
   * committed model on inbound support tweets: 24.5 % of the twcs random sample, 25.4 % of the threads sample.
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
  /**
   * Estimate: share of messages routed to the senior (FIFO) queue, each with an alert on the alerts topic.
   * The triage-core bench sent 8.5 % of its short messages there (BENCHMARKS.md; 9.8 % on an earlier
   * model), each a first contact and so a new case's alert; with repeat contacts fewer alert, since a case
   * alerts once per tier. 10 % rounds that up.
   */
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
  /** What the people working the cases use: the web inbox, its sign-in, alert delivery, the deadline sweeper. */
  team: TEAM_USAGE,
} as const;

export type UsageTable = typeof USAGE;
export type TeamUsage = typeof TEAM_USAGE;
