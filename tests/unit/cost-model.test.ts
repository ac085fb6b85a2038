import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHANNEL_MIX } from '../../bench/lib/messages.ts';
import { CAPACITY } from '../../functions/core/cost/measured.ts';
import {
  averageBatch,
  COST_GROUPS,
  comprehendUnits,
  DEFAULT_AVG_CHARS,
  defaultInputs,
  dynamodbPerMessage,
  estimateCost,
  mailBytesOf,
  SECONDS_PER_MONTH,
  tieredCost,
} from '../../functions/core/cost/model.ts';
import { PRICES } from '../../functions/core/cost/prices.ts';
import { inboxPolls, listRead } from '../../functions/core/cost/team.ts';
import { USAGE } from '../../functions/core/cost/usage.ts';
import { CASE_PAGE_SIZE } from '../../functions/core/inbox/views.ts';
import { FUNCTION_MEMORY_MB } from '../../infra/constructs/pipeline-function.ts';
import { ALERT_DELIVERY_QUEUE, BATCH_SIZE, QUEUES } from '../../infra/resources.ts';

const usdOf = (report: ReturnType<typeof estimateCost>, service: string) =>
  report.services.find((s) => s.service === service)?.usd ?? Number.NaN;

describe('Comprehend units', () => {
  it('bills at least 3 units however short the text', () => {
    expect(comprehendUnits(1)).toBe(3);
    expect(comprehendUnits(100)).toBe(3);
    expect(comprehendUnits(300)).toBe(3);
  });

  it('bills 100 characters a unit above the minimum, rounding up', () => {
    expect(comprehendUnits(301)).toBe(4);
    expect(comprehendUnits(1_000)).toBe(10);
  });

  it('bills only what is sent: the cascade cuts texts to 4,999 bytes', () => {
    expect(comprehendUnits(200_000)).toBe(50);
  });

  it('prices each volume tier for the units that fall in it', () => {
    const tiers = PRICES.comprehend.tiers;
    expect(tieredCost(3e6, tiers)).toBeCloseTo(300, 6);
    // 300 M units: 10 M at $0.0001, 40 M at $0.00005, 250 M at $0.000025.
    expect(tieredCost(300e6, tiers)).toBeCloseTo(1_000 + 2_000 + 6_250, 6);
  });
});

describe('monthly cost', () => {
  it('makes the total the sum of the services and of the group subtotals, and keeps the fixed costs apart', () => {
    // Prepare
    const inputs = defaultInputs(2_500_000, { mode: 'cascade' });

    // Act
    const report = estimateCost(inputs);

    // Assess
    const sum = report.services.reduce((total, s) => total + s.usd, 0);
    expect(report.total).toBeCloseTo(sum, 9);
    const subtotals = COST_GROUPS.map((g) => report.subtotals[g]);
    expect(subtotals.reduce((a, b) => a + b, 0)).toBeCloseTo(report.total, 9);
    expect(report.fixedTotal).toBeCloseTo(
      report.fixedMonthly.reduce((total, s) => total + s.usd, 0),
      9,
    );
    expect(report.services.every((s) => s.usd >= 0 && Number.isFinite(s.usd))).toBe(true);
  });

  it('sends nothing to Comprehend in embedded mode', () => {
    const report = estimateCost(defaultInputs(1e6, { mode: 'embedded' }));
    expect(usdOf(report, 'comprehend')).toBe(0);
  });

  it('charges Comprehend ~$300 per million short messages in comprehend mode, and it dominates the bill', () => {
    const report = estimateCost(defaultInputs(1e6, { mode: 'comprehend', avgChars: 100 }));
    expect(usdOf(report, 'comprehend')).toBeCloseTo(300, 6);
    const largest = [...report.services].sort((a, b) => b.usd - a.usd)[0];
    expect(largest?.service).toBe('comprehend');
    expect(usdOf(report, 'comprehend') / report.total).toBeGreaterThan(0.5);
  });

  it('scales the cascade by the share it sends (below the first volume tier)', () => {
    const all = estimateCost(defaultInputs(1e6, { mode: 'comprehend' }));
    const cascade = (share: number) =>
      estimateCost(defaultInputs(1e6, { mode: 'cascade', cascadeShare: share }));
    expect(usdOf(cascade(0.15), 'comprehend')).toBeCloseTo(0.15 * usdOf(all, 'comprehend'), 6);
    expect(usdOf(cascade(0.3), 'comprehend')).toBeCloseTo(2 * usdOf(cascade(0.15), 'comprehend'), 6);
    expect(usdOf(cascade(0), 'comprehend')).toBe(0);
  });

  it('puts SQS, Lambda, DynamoDB, logs and Comprehend in the pipeline, the doors in ingress, X-Ray in tracing', () => {
    const report = estimateCost(defaultInputs(1e6));
    const groupOf = (service: string) => report.services.find((s) => s.service === service)?.group;
    for (const service of [
      'sqs',
      'lambda',
      'dynamodb',
      'dynamodb-storage',
      'comprehend',
      'cloudwatch-logs',
    ]) {
      expect(groupOf(service)).toBe('pipeline');
    }
    for (const service of ['ses', 's3-sns', 'api-gateway']) expect(groupOf(service)).toBe('ingress');
    expect(groupOf('x-ray')).toBe('tracing');
    for (const service of [
      'cloudfront-s3',
      'cognito',
      'inbox-api-gateway',
      'inbox-lambda',
      'inbox-dynamodb',
      'deadline-sweeper',
      'alert-sns',
      'alert-webhook',
      'team-logs',
      'team-x-ray',
    ]) {
      expect(groupOf(service)).toBe('team');
    }
  });

  it('keeps the embedded pipeline below what Comprehend alone would cost, with DynamoDB its largest part', () => {
    const embedded = estimateCost(defaultInputs(1e6, { mode: 'embedded' }));
    const comprehend = estimateCost(defaultInputs(1e6, { mode: 'comprehend' }));
    expect(embedded.subtotals.pipeline).toBeLessThan(usdOf(comprehend, 'comprehend') / 10);
    const pipeline = embedded.services.filter((s) => s.group === 'pipeline').sort((a, b) => b.usd - a.usd);
    expect(pipeline[0]?.service).toBe('dynamodb');
  });

  it('charges SES only for the e-mail share, as ingress', () => {
    const none = estimateCost(defaultInputs(1e6, { emailShare: 0 }));
    const half = estimateCost(defaultInputs(1e6, { emailShare: 0.5 }));
    expect(usdOf(none, 'ses')).toBe(0);
    // 500,000 mails of one 256 KB chunk each: $0.10 + $0.09 per thousand.
    expect(usdOf(half, 'ses')).toBeCloseTo(500 * (0.1 + 0.09), 6);
    expect(half.subtotals.ingress - none.subtotals.ingress).toBeGreaterThanOrEqual(usdOf(half, 'ses'));
    expect(half.subtotals.pipeline).toBeLessThan(half.subtotals.ingress);
  });

  it('sizes mail, and so SES chunks, by --avg-chars unless --mail-bytes says', () => {
    const short = defaultInputs(1e6, { avgChars: 300 });
    const huge = defaultInputs(1e6, { avgChars: 100_000 });
    expect(mailBytesOf(short)).toBe(USAGE.mail.envelopeBytes + 300 * USAGE.mail.bytesPerChar);
    // 347,000 bytes: two chunks of 256 KB per mail.
    const chunks = (inputs: typeof short) =>
      estimateCost(inputs).services.find((s) => s.service === 'ses')?.usage.chunks ?? 0;
    expect(chunks(huge)).toBeCloseTo(2 * chunks(short), 6);
    expect(chunks(defaultInputs(1e6, { avgChars: 100_000, mailBytes: 10_000 }))).toBeCloseTo(
      chunks(short),
      6,
    );
  });

  it('bills Comprehend units by --avg-chars', () => {
    const units = (avgChars: number) =>
      estimateCost(defaultInputs(1e6, { mode: 'comprehend', avgChars })).services.find(
        (s) => s.service === 'comprehend',
      )?.usage.units;
    expect(units(300)).toBe(3e6);
    expect(units(1_000)).toBe(10e6);
  });

  it('takes DynamoDB units from the capacity bench, moved by its slope for longer texts', () => {
    const atMix = dynamodbPerMessage(CAPACITY.mix.chars);
    expect(atMix.writeUnits).toBeCloseTo(CAPACITY.writesPerMessage, 9);
    expect(atMix.readUnits).toBe(CAPACITY.readsPerMessage);
    const longer = dynamodbPerMessage(CAPACITY.mix.chars + 1_000);
    expect(longer.writeUnits - atMix.writeUnits).toBeCloseTo(CAPACITY.writesPerThousandChars, 9);
    const report = estimateCost(defaultInputs(1e6, { avgChars: CAPACITY.mix.chars }));
    const dynamo = report.services.find((s) => s.service === 'dynamodb');
    expect(dynamo?.usage.writeUnits).toBeCloseTo(1e6 * CAPACITY.writesPerMessage, 3);
  });

  it('prices the senior queue as FIFO', () => {
    expect(QUEUES.senior.fifo).toBe(true);
    const sqs = estimateCost(defaultInputs(1e6)).services.find((s) => s.service === 'sqs');
    const { requests = 0, fifoRequests = 0 } = sqs?.usage ?? {};
    expect(fifoRequests).toBeGreaterThan(0);
    expect(sqs?.usd).toBeCloseTo(
      ((requests - fifoRequests) * PRICES.sqs.perMillionRequests +
        fifoRequests * PRICES.sqs.perMillionFifoRequests) /
        1e6,
      9,
    );
  });

  it('is linear in messages for per-message services once Lambda batches are full', () => {
    const at = (n: number) => estimateCost(defaultInputs(n, { mode: 'embedded' }));
    expect(usdOf(at(200e6), 'dynamodb')).toBeCloseTo(2 * usdOf(at(100e6), 'dynamodb'), 6);
    expect(usdOf(at(200e6), 'sqs')).toBeCloseTo(2 * usdOf(at(100e6), 'sqs'), 6);
  });

  it('costs nothing per message for no messages, while the team still polls its inbox', () => {
    const report = estimateCost(defaultInputs(0, { mode: 'comprehend' }));
    expect(report.subtotals.pipeline).toBe(0);
    expect(report.subtotals.ingress).toBe(0);
    expect(report.subtotals.tracing).toBe(0);
    expect(usdOf(report, 'alert-sns')).toBe(0);
    expect(usdOf(report, 'inbox-dynamodb')).toBeGreaterThan(0);
    expect(report.total).toBeCloseTo(report.subtotals.team, 9);
    expect(report.fixedTotal).toBeGreaterThan(0);
  });

  it('costs nothing at all for no messages and no team', () => {
    const report = estimateCost(
      defaultInputs(0, { team: { staff: 0, openCases: 0, alertEmails: 0, alertWebhook: false } }),
    );
    // The sweeper still runs every 5 minutes, on an empty list.
    expect(report.total).toBeCloseTo(
      usdOf(report, 'deadline-sweeper') + usdOf(report, 'team-logs') + usdOf(report, 'team-x-ray'),
      9,
    );
    expect(report.total).toBeLessThan(1);
  });
});

describe('Lambda batches from the arrival rate', () => {
  it('fills batches only when messages arrive faster than one per batching window', () => {
    expect(averageBatch(0)).toBe(1);
    expect(averageBatch(SECONDS_PER_MONTH)).toBeCloseTo(2, 9); // one a second, 1 s window
    expect(averageBatch(100e6)).toBe(BATCH_SIZE);
  });

  it('needs fewer SQS requests per message at high volume', () => {
    const perMessage = (n: number) =>
      estimateCost(defaultInputs(n)).services.find((s) => s.service === 'sqs')?.usage.requestsPerMessage ?? 0;
    expect(perMessage(100e6)).toBeLessThan(perMessage(1e6));
  });
});

describe('defaults', () => {
  it("bills the Lambdas at the stack's memory size", () => {
    expect(USAGE.lambda.memoryMb).toBe(FUNCTION_MEMORY_MB);
    expect(defaultInputs(1).memoryMb).toBe(FUNCTION_MEMORY_MB);
  });

  it('assumes the channel mix the capacity bench measured DynamoDB at, and a short message', () => {
    expect(USAGE.channels).toEqual(Object.fromEntries(CHANNEL_MIX));
    expect(defaultInputs(1).emailShare).toBe(USAGE.channels.email);
    expect(defaultInputs(1).avgChars).toBe(DEFAULT_AVG_CHARS);
    expect(comprehendUnits(DEFAULT_AVG_CHARS)).toBe(PRICES.comprehend.minUnitsPerDocument);
  });

  it('dates the capacity it uses and says how to measure it again', () => {
    expect(Date.parse(CAPACITY.measured)).not.toBeNaN();
    expect(CAPACITY.command).toBe('node --import tsx bench/capacity.ts');
    expect(CAPACITY.incidentsOpened).toBe(0);
  });

  it('dates its prices', () => {
    expect(PRICES.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('team costs (inbox, alerts, sweeper)', () => {
  const team = (overrides: Parameters<typeof defaultInputs>[1] = {}, messages = 1e6) =>
    estimateCost(defaultInputs(messages, overrides));

  it('polls once per interval of the web inbox for each hour a person has it open', () => {
    // Read as text: the page's hooks need the DOM's types, which the project's type check leaves out.
    const hooks = readFileSync(new URL('../../web/src/hooks.ts', import.meta.url), 'utf8');
    expect(hooks).toContain(`export const POLL_MS = ${USAGE.team.pollSeconds * 1000};`);
    const one = defaultInputs(1, { team: { staff: 1, inboxHours: 1 } }).team;
    // 900 polls an hour, every day of a 730-hour month.
    expect(inboxPolls(one)).toBeCloseTo(900 * (730 / 24), 6);
    expect(inboxPolls({ ...one, staff: 4, inboxHours: 6 })).toBeCloseTo(24 * inboxPolls(one), 6);
  });

  it('bills API Gateway, Lambda, CloudFront and DynamoDB for every poll, reading one page of open cases', () => {
    const report = team({ team: { staff: 2, inboxHours: 10, openCases: 300 } });
    const polls = 2 * 10 * 900 * (730 / 24);
    const reads = report.services.find((s) => s.service === 'inbox-dynamodb');
    // The page's index Queries, 50 cases at 1.5 units, and four tier counts of 75 entries (1.5 units each).
    expect(CASE_PAGE_SIZE).toBe(50);
    expect(reads?.usage.readUnitsPerPoll).toBe(1 + 50 * 1.5 + 4 * 1.5);
    expect(reads?.usd).toBeCloseTo((polls * 82 * PRICES.dynamodb.perMillionReads) / 1e6, 6);
    expect(usdOf(report, 'inbox-api-gateway')).toBeCloseTo(
      (polls * PRICES.apiGateway.perMillionRequests) / 1e6,
      6,
    );
    const lambda = report.services.find((s) => s.service === 'inbox-lambda');
    expect(lambda?.usage.invocations).toBeCloseTo(polls, 6);
    expect(lambda?.usage.msPerPoll).toBe(20 + 1.5 * 50);
    const cdn = report.services.find((s) => s.service === 'cloudfront-s3');
    expect(cdn?.usage.requests).toBeGreaterThan(polls);
  });

  it('grows the inbox lines with the staff, not with the messages, and with open cases only below a page', () => {
    const inbox = (r: ReturnType<typeof estimateCost>) =>
      ['inbox-dynamodb', 'inbox-lambda', 'inbox-api-gateway', 'cloudfront-s3'].reduce(
        (n, s) => n + usdOf(r, s),
        0,
      );
    expect(inbox(team({}, 100e6))).toBeCloseTo(inbox(team({}, 1e6)), 6);
    expect(inbox(team({ team: { staff: 10 } }))).toBeCloseTo(2 * inbox(team({ team: { staff: 5 } })), 6);
    expect(usdOf(team({ team: { openCases: 50 } }), 'inbox-dynamodb')).toBeGreaterThan(
      4 * usdOf(team({ team: { openCases: 10 } }), 'inbox-dynamodb'),
    );
    expect(inbox(team({ team: { openCases: 50_000 } }))).toBe(inbox(team({ team: { openCases: 5_000 } })));
    expect(inbox(team({ team: { openCases: 5_000 } }))).toBeLessThan(
      1.1 * inbox(team({ team: { openCases: 200 } })),
    );
  });

  it('leaves the per-message groups as they were, whatever the team', () => {
    const small = team({ team: { staff: 1, openCases: 10 } });
    const large = team({ team: { staff: 50, openCases: 5_000, alertEmails: 9 } });
    for (const group of ['pipeline', 'ingress', 'tracing'] as const) {
      expect(large.subtotals[group]).toBe(small.subtotals[group]);
    }
    expect(large.subtotals.team).toBeGreaterThan(small.subtotals.team);
  });

  it('charges Cognito per monthly active user on the Essentials plan', () => {
    expect(usdOf(team({ team: { staff: 40 } }), 'cognito')).toBeCloseTo(
      40 * PRICES.cognito.essentialsPerMau,
      9,
    );
  });

  it('publishes an alert for the share of messages routed senior, and e-mails each subscription', () => {
    const report = team({ team: { alertEmails: 3 } }, 2e6);
    const sns = report.services.find((s) => s.service === 'alert-sns');
    expect(sns?.usage.publishes).toBeCloseTo(2e6 * USAGE.seniorShare, 6);
    expect(sns?.usage.emails).toBeCloseTo(3 * 2e6 * USAGE.seniorShare, 6);
    expect(sns?.usd).toBeCloseTo(
      (2e5 * PRICES.sns.perMillionPublishes) / 1e6 + (6e5 / 1e5) * PRICES.sns.perHundredThousandEmails,
      6,
    );
    const webhook = report.services.find((s) => s.service === 'alert-webhook');
    expect(webhook?.usage.alerts).toBeCloseTo(2e5, 6);
    expect(webhook?.usd).toBeGreaterThan(
      (2e5 * USAGE.team.alerts.writeUnitsPerAlert * PRICES.dynamodb.perMillionWrites) / 1e6,
    );
  });

  it('costs nothing for the webhook where none is configured, and keeps its standing costs out too', () => {
    const off = team({ team: { alertWebhook: false } });
    expect(usdOf(off, 'alert-webhook')).toBe(0);
    expect(off.fixedMonthly.some((c) => c.service === 'alert-webhook-standing')).toBe(false);
    const on = team();
    const standing = on.fixedMonthly.find((c) => c.service === 'alert-webhook-standing');
    expect(ALERT_DELIVERY_QUEUE.consumer?.name).toBe('alerts');
    // DLQ alarm, plus oldest message, errors and throttles of its consumer.
    expect(standing?.usage.alarms).toBe(4);
    expect(standing?.group).toBe('team');
  });

  it('pays only the X-Ray traces the team adds beyond what the pipeline already fills', () => {
    const quiet = usdOf(team({}, 0), 'team-x-ray');
    const busy = usdOf(team({}, 100e6), 'team-x-ray');
    expect(busy).toBeLessThan(quiet);
    expect(busy).toBeGreaterThan(0);
  });

  it('matches the reads measured per poll, and costs the team the same at 5,000 and 50,000 open cases', () => {
    // Measured with ReturnConsumedCapacity on DynamoDB Local: 80 units at 200 open cases, 83.5 at 5,000.
    expect(listRead(200).readUnits).toBe(80);
    expect(Math.abs(listRead(5_000).readUnits - 83.5)).toBeLessThanOrEqual(1);
    // Past a page only the tier counts grow, and they stop at 101 entries a tier: at most 8 units.
    expect(listRead(50_000)).toEqual(listRead(5_000));
    expect(listRead(Number.POSITIVE_INFINITY).readUnits).toBe(1 + 75 + 8);
    expect(listRead(1e9).responseBytes).toBe(300 + 670 * 50);
    expect(listRead(1e9).lambdaMs).toBe(95);
    // Below a page, the page is what is open.
    expect(listRead(10)).toMatchObject({ listed: 10, readUnits: 1 + 15 + 2, responseBytes: 300 + 6_700 });
    expect(team({ team: { openCases: 50_000 } }).subtotals.team).toBe(
      team({ team: { openCases: 5_000 } }).subtotals.team,
    );
  });

  it('reads only what is due in the sweeper, whatever the open cases', () => {
    const sweeper = (openCases: number, messages = 1e6) =>
      team({ team: { openCases } }, messages).services.find((s) => s.service === 'deadline-sweeper');
    const runs = 12 * 730;
    // A run's two index Queries (½ unit each), and each alerted case read once when it falls due.
    expect(sweeper(200)?.usage.readUnits).toBeCloseTo(runs + 1e6 * USAGE.seniorShare, 6);
    expect(sweeper(50_000)?.usage.readUnits).toBe(sweeper(200)?.usage.readUnits);
    expect(sweeper(200, 0)?.usage.readUnits).toBeCloseTo(runs, 6);
    expect(sweeper(200)?.usd).toBeLessThan(0.1);
  });

  it('dates and sources the prices it adds', () => {
    expect(PRICES.cloudfront.perTenThousandHttpsRequests).toBeGreaterThan(0);
    expect(PRICES.cognito.essentialsPerMau).toBeGreaterThan(0);
    expect(PRICES.secretsManager.perSecretMonth).toBeGreaterThan(0);
  });
});
