/**
 * The AWS list prices the cost model (./model.ts) multiplies, and only those: what one message uses is in
 * ./usage.ts (estimates and bench timings) and ./capacity.json (DynamoDB units, measured).
 */

/**
 * Public on-demand list prices in us-east-1 as known on `date`, written from the AWS pricing pages as
 * remembered — NOT fetched. They must be checked against https://aws.amazon.com/pricing/ before anyone
 * quotes a bill. Free tiers are not applied (they are per account and usually spent elsewhere).
 */
export const PRICES = {
  date: '2026-12-04',
  region: 'us-east-1',
  /**
   * Per million requests (first 100 billion a month); every 64 KB chunk of a payload is billed as one
   * request. FIFO queues (the senior queue) cost more per request.
   */
  sqs: { perMillionRequests: 0.4, perMillionFifoRequests: 0.5, chunkBytes: 64 * 1024 },
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
  /**
   * Publishes per million (64 KB chunks); SNS → SQS deliveries are free. E-mail deliveries (the alert
   * topic's e-mail subscriptions) per 100,000 notifications.
   */
  sns: { perMillionPublishes: 0.5, perHundredThousandEmails: 2 },
  /** REST API (what infra/constructs/http-intake-api.ts builds), first 333 million requests a month. */
  apiGateway: { perMillionRequests: 3.5 },
  cloudwatchLogs: { perGbIngested: 0.5 },
  xray: { perMillionTracesRecorded: 5 },
  cloudwatch: { perMetricMonth: 0.3, perAlarmMonth: 0.1, perDashboardMonth: 3 },
  kms: { perKeyMonth: 1 },
  /**
   * The inbox distribution (PriceClass 100: North America and Europe): HTTPS requests, data out to the
   * viewer (first 10 TB tier), data from CloudFront to the origin (the /api/* request bodies), and
   * CloudFront Functions (the page-path rewrite). Check before quoting: the always-free allowance (1 TB and
   * 10 M requests a month) and the 2025 flat-rate plans are not applied.
   */
  cloudfront: {
    perTenThousandHttpsRequests: 0.01,
    perGbToInternet: 0.085,
    perGbToOrigin: 0.02,
    perMillionFunctionInvocations: 0.1,
  },
  /**
   * Cognito user pools per monthly active user. A pool created without a feature plan is on Essentials
   * (aws-cdk-lib's UserPool `featurePlan` default for a new pool); Lite would be $0.0055. Check before
   * quoting: the 10,000 MAU a month Essentials and Lite include are not applied.
   */
  cognito: { essentialsPerMau: 0.015 },
  /** A secret per month (the imported chat-webhook secret is billed to the account that created it) and API calls. */
  secretsManager: { perSecretMonth: 0.4, perTenThousandCalls: 0.05 },
} as const;

export type PriceTable = typeof PRICES;
