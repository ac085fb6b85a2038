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
import { USAGE } from '../../functions/core/cost/usage.ts';
import { FUNCTION_MEMORY_MB } from '../../infra/constructs/pipeline-function.ts';
import { BATCH_SIZE, QUEUES } from '../../infra/resources.ts';

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

  it('costs nothing variable for no messages', () => {
    const report = estimateCost(defaultInputs(0, { mode: 'comprehend' }));
    expect(report.total).toBe(0);
    expect(report.fixedTotal).toBeGreaterThan(0);
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
