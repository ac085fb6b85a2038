/**
 * Monthly cost of the people's side of the stack: the web inbox (CloudFront + S3, Cognito sign-in, the inbox
 * API and the DynamoDB reads of its polls), alert delivery (the alerts topic, its e-mail subscriptions, the
 * chat-webhook queue and function) and the deadline sweeper. Sized by the team and its open cases rather
 * than by the messages, so ./model.ts keeps these apart (group `team`) from the per-message groups.
 */
import { ALERT_DELIVERY_QUEUE, FUNCTION_TIMEOUT_SECONDS } from '../../../infra/resources.ts';
import { CASE_PAGE_SIZE, TIER_COUNT_CAP } from '../inbox/views.ts';
import { TIERS } from '../scoring/tier.ts';
import type { CostInputs, ServiceCost } from './model.ts';
import { PRICES, type PriceTable } from './prices.ts';
import { averageBatch, chunks, DAYS_PER_MONTH, SECONDS_PER_MONTH, sampledTraces } from './rates.ts';
import { USAGE, type UsageTable } from './usage.ts';

export interface TeamInputs {
  /** People who sign in to the inbox in a month: Cognito's monthly active users. */
  readonly staff: number;
  /** Hours a day each of them has the inbox list in view (a hidden tab stops polling), every day of the month. */
  readonly inboxHours: number;
  /**
   * Open cases, every tier (calm cases stay open until an outcome closes them). A poll reads one page of at
   * most CASE_PAGE_SIZE of them plus the tier counts, so past a page this changes a poll's cost only a little.
   */
  readonly openCases: number;
  /** E-mail subscriptions of the alerts topic (`-c flashpoint:alertEmails=…`). */
  readonly alertEmails: number;
  /** Whether alerts are posted to a chat webhook (`-c flashpoint:alertWebhookSecretName=…`). */
  readonly alertWebhook: boolean;
}

export interface TeamContext {
  /** Alerts published a month (messages routed senior). */
  readonly alerts: number;
  /** Requests the pipeline already has X-Ray trace, which share its sampling reservoir. */
  readonly pipelineTraced: number;
}

/** GET /api/cases polls a month: each person's hours in view, one poll per interval (web/src/hooks.ts). */
export function inboxPolls(team: TeamInputs, usage: UsageTable = USAGE): number {
  return team.staff * team.inboxHours * (3600 / usage.team.pollSeconds) * DAYS_PER_MONTH;
}

/**
 * What one list poll costs at `openCases`: the first page (CASE_PAGE_SIZE cases, hottest first, from the case
 * index) and the tier counts. Past a page, more open cases only grow the counts, and those stop at
 * TIER_COUNT_CAP a tier, so a poll costs the same at 5,000 open cases as at 50,000.
 */
export function listRead(openCases: number, usage: UsageTable = USAGE) {
  const i = usage.team.inbox;
  const listed = Math.min(openCases, CASE_PAGE_SIZE);
  return {
    listed,
    readUnits: i.readUnitsPerPoll + i.readUnitsPerListedCase * listed + tierCountReadUnits(openCases, usage),
    responseBytes: i.responseBytesPerPoll + i.responseBytesPerListedCase * listed,
    lambdaMs: i.lambdaMs.perInvocation + i.lambdaMs.perListedCase * listed,
  };
}

/**
 * Read units of the tier counts: per tier a COUNT Query of at most TIER_COUNT_CAP + 1 index entries, billed
 * ½ unit per 4 KB read, ½ at least. Open cases are assumed spread evenly over the tiers.
 */
export function tierCountReadUnits(openCases: number, usage: UsageTable = USAGE): number {
  const perTier = Math.min(openCases / TIERS.length, TIER_COUNT_CAP + 1);
  const units = 0.5 * Math.max(1, Math.ceil((perTier * usage.team.inbox.indexEntryBytes) / 4096));
  return TIERS.length * units;
}

export function teamCosts(
  inputs: CostInputs,
  context: TeamContext,
  prices: PriceTable = PRICES,
  usage: UsageTable = USAGE,
): ServiceCost[] {
  const team = inputs.team;
  const t = usage.team;
  const gbSecondsOf = (ms: number) => (ms / 1000) * (inputs.memoryMb / 1024);
  const lambdaUsd = (invocations: number, gbSeconds: number) =>
    (invocations / 1e6) * prices.lambda.perMillionRequests + gbSeconds * prices.lambda.perGbSecond;
  const GB = 1024 ** 3;

  // The inbox: every poll goes CloudFront → API Gateway → Lambda → DynamoDB; page loads to S3.
  const polls = inboxPolls(team, usage);
  const poll = listRead(team.openCases, usage);
  const pageLoads = team.staff * t.inbox.pageLoadsPerDay * DAYS_PER_MONTH;
  const siteRequests = pageLoads * t.inbox.requestsPerPageLoad;
  const cdnRequests = polls + siteRequests;
  const gbOut = (polls * poll.responseBytes + pageLoads * t.inbox.pageBytes) / GB;
  const gbToOrigin = (polls * t.inbox.requestBytes) / GB;
  const inboxGbSeconds = gbSecondsOf(polls * poll.lambdaMs);

  // The deadline sweeper reads only the due entries of the case index, then each due case, every 5 minutes.
  const sweeps = t.sweeper.runsPerHour * (SECONDS_PER_MONTH / 3600);
  const sweeperGbSeconds = gbSecondsOf(sweeps * t.sweeper.lambdaMs);
  const sweeperReadUnits =
    sweeps * t.sweeper.readUnitsPerRun +
    context.alerts * t.sweeper.dueCasesPerAlert * t.sweeper.readUnitsPerDueCase;

  // Alerts: one publish each; SNS e-mails each subscription; the webhook path queues, posts and records it.
  const alerts = context.alerts;
  const a = t.alerts;
  const emails = alerts * team.alertEmails;
  const alertBatch = averageBatch(alerts);
  const alertInvocations = team.alertWebhook && alerts > 0 ? alerts / alertBatch : 0;
  const webhookAlerts = team.alertWebhook ? alerts : 0;
  const alertSqsRequests =
    webhookAlerts *
    (chunks(a.queueBytes, prices.sqs.chunkBytes) +
      (2 * chunks(alertBatch * a.queueBytes, prices.sqs.chunkBytes)) / alertBatch);
  const alertGbSeconds = gbSecondsOf(
    alertInvocations *
      Math.min(
        FUNCTION_TIMEOUT_SECONDS * 1000,
        a.lambdaMs.perInvocation + alertBatch * a.lambdaMs.perMessage,
      ),
  );
  const secretReads = Math.min(alertInvocations, a.secretReadsPerHour * (SECONDS_PER_MONTH / 3600));

  const logBytes =
    polls * (t.logs.inboxRequest + usage.logs.platformPerInvocation + usage.logs.apiAccessLogLine) +
    sweeps * (t.logs.sweep + usage.logs.platformPerInvocation) +
    alertInvocations * (t.logs.alertInvocation + usage.logs.platformPerInvocation) +
    webhookAlerts * t.logs.alert;
  // Tracing shares the pipeline's reservoir (1 request a second): the team pays what it adds to it.
  const teamTraced = polls + sweeps + alertInvocations;
  const traces =
    sampledTraces(context.pipelineTraced + teamTraced, usage) - sampledTraces(context.pipelineTraced, usage);

  const hours = `${team.staff} staff × ${team.inboxHours} h a day`;
  return [
    {
      service: 'cloudfront-s3',
      group: 'team',
      usd:
        (cdnRequests / 1e4) * prices.cloudfront.perTenThousandHttpsRequests +
        gbOut * prices.cloudfront.perGbToInternet +
        gbToOrigin * prices.cloudfront.perGbToOrigin +
        (siteRequests / 1e6) * prices.cloudfront.perMillionFunctionInvocations +
        (siteRequests / 1000) * prices.s3.perThousandGets,
      usage: { requests: cdnRequests, gbOut, pageLoads },
      note: `inbox page and its /api/* polls: ${round1(gbOut)} GB out, answers uncompressed`,
    },
    {
      service: 'cognito',
      group: 'team',
      usd: team.staff * prices.cognito.essentialsPerMau,
      usage: { monthlyActiveUsers: team.staff },
      note: `staff sign-in, Essentials plan, ${team.staff} monthly active users`,
    },
    {
      service: 'inbox-api-gateway',
      group: 'team',
      usd: (polls / 1e6) * prices.apiGateway.perMillionRequests,
      usage: { requests: polls },
      note: `REST inbox API: ${hours}, a poll every ${t.pollSeconds} s`,
    },
    {
      service: 'inbox-lambda',
      group: 'team',
      usd: lambdaUsd(polls, inboxGbSeconds),
      usage: { invocations: polls, gbSeconds: inboxGbSeconds, msPerPoll: poll.lambdaMs },
      note: `arm64, ${inputs.memoryMb} MB; ~${Math.round(poll.lambdaMs)} ms a poll listing ${poll.listed} cases`,
    },
    {
      service: 'inbox-dynamodb',
      group: 'team',
      usd: ((polls * poll.readUnits) / 1e6) * prices.dynamodb.perMillionReads,
      usage: { readUnits: polls * poll.readUnits, readUnitsPerPoll: poll.readUnits },
      note: `a poll reads one page of ${poll.listed} cases and the tier counts: ${round1(poll.readUnits)} read units`,
    },
    {
      service: 'deadline-sweeper',
      group: 'team',
      usd: lambdaUsd(sweeps, sweeperGbSeconds) + (sweeperReadUnits / 1e6) * prices.dynamodb.perMillionReads,
      usage: { invocations: sweeps, readUnits: sweeperReadUnits },
      note: 'every 5 minutes, reading only the overdue unacknowledged hot and critical cases',
    },
    {
      service: 'alert-sns',
      group: 'team',
      usd:
        ((alerts * chunks(a.publishBytes, prices.sqs.chunkBytes)) / 1e6) * prices.sns.perMillionPublishes +
        (emails / 1e5) * prices.sns.perHundredThousandEmails,
      usage: { publishes: alerts, emails },
      note: `${pct(usage.seniorShare)} of messages alert (routed senior); ${team.alertEmails} e-mail subscription(s)`,
    },
    {
      service: 'alert-webhook',
      group: 'team',
      usd:
        (alertSqsRequests / 1e6) * prices.sqs.perMillionRequests +
        lambdaUsd(alertInvocations, alertGbSeconds) +
        ((webhookAlerts * a.writeUnitsPerAlert) / 1e6) * prices.dynamodb.perMillionWrites +
        (secretReads / 1e4) * prices.secretsManager.perTenThousandCalls,
      usage: {
        alerts: webhookAlerts,
        sqsRequests: alertSqsRequests,
        invocations: alertInvocations,
        secretReads,
      },
      note: team.alertWebhook
        ? 'AlertDelivery queue → alerts function → chat webhook; 2 write units a delivery'
        : 'not deployed (no webhook secret)',
    },
    {
      service: 'team-logs',
      group: 'team',
      usd: (logBytes / GB) * prices.cloudwatchLogs.perGbIngested,
      usage: { gbIngested: logBytes / GB },
      note: 'inbox, alerts and sweeper JSON lines, platform lines, inbox API access logs',
    },
    {
      service: 'team-x-ray',
      group: 'team',
      usd: (traces / 1e6) * prices.xray.perMillionTracesRecorded,
      usage: { traces },
      note: "traces the inbox, alerts and sweeper add to the pipeline's sampling",
    },
  ];
}

/** What alert delivery costs deployed, whatever the alerts: its consumer's idle polling, alarms and secret. */
export function teamFixedCosts(
  team: TeamInputs,
  prices: PriceTable = PRICES,
  usage: UsageTable = USAGE,
): ServiceCost[] {
  if (!team.alertWebhook) return [];
  const consumed = ALERT_DELIVERY_QUEUE.consumer ? 1 : 0;
  const idleReceives = consumed * usage.idlePollers * (SECONDS_PER_MONTH / usage.idlePollSeconds);
  const alarms = 1 + 3 * consumed;
  return [
    {
      service: 'alert-webhook-standing',
      group: 'team',
      usd:
        (idleReceives / 1e6) * prices.sqs.perMillionRequests +
        alarms * prices.cloudwatch.perAlarmMonth +
        prices.secretsManager.perSecretMonth,
      usage: { idleReceives, alarms, secrets: 1 },
      note: 'AlertDelivery queue: Lambda pollers, its 4 alarms, the webhook secret',
    },
  ];
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const pct = (share: number) => `${Math.round(share * 1000) / 10} %`;
