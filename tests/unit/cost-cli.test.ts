import { afterEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../cli/args.ts';
import { costCommand, costJson, formatCost } from '../../cli/commands/cost.ts';
import { defaultInputs, estimateCost } from '../../functions/core/cost/model.ts';

function captureStdout(): { text: () => string } {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  return { text: () => out };
}

describe('flashpoint cost', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('prints per-service dollars and a total that adds up with --json', async () => {
    // Prepare
    const stdout = captureStdout();

    // Act
    await costCommand.run(['--messages', '1M', '--mode', 'cascade', '--cascade-share', '15%', '--json']);

    // Assess
    const json = JSON.parse(stdout.text()) as {
      services: Record<string, { usd: number; group: string }>;
      subtotals: { pipeline: number; ingress: number; tracing: number; team: number };
      total: number;
      inputs: { messages: number; cascadeShare: number };
    };
    expect(json.inputs).toMatchObject({ messages: 1_000_000, cascadeShare: 0.15 });
    const sum = Object.values(json.services).reduce((total, s) => total + s.usd, 0);
    expect(json.total).toBeCloseTo(sum, 1);
    expect(json.services.comprehend?.usd).toBeCloseTo(45, 2);
    const { pipeline, ingress, tracing, team } = json.subtotals;
    expect(team).toBeGreaterThan(0);
    expect(pipeline + ingress + tracing + team).toBeCloseTo(json.total, 1);
    expect(json.services.ses?.group).toBe('ingress');
    expect(json.services['inbox-dynamodb']?.group).toBe('team');
  });

  it('prints the pipeline apart from the e-mail ingress fee, and says what SES charges for', () => {
    // Prepare
    const report = estimateCost(defaultInputs(1e6));

    // Act
    const text = formatCost(report);

    // Assess
    expect(text).toMatch(/^pipeline subtotal +\$[\d,.]+/m);
    expect(text).toMatch(/^ingress \(e-mail, API\) subtotal +\$[\d,.]+/m);
    // The footnotes wrap; read them as sentences.
    const prose = text.replace(/\n {2}/g, ' ');
    expect(prose).toContain('Amazon SES charges $0.10 per 1,000 mails received');
    expect(prose).toContain('more than the whole pipeline');
    expect(prose).toMatch(/DynamoDB is [\d.]+ % of it: [\d.]+ write and [\d.]+ read units a message/);
  });

  it('says nothing about SES when no mail comes through it', () => {
    const text = formatCost(estimateCost(defaultInputs(1e6, { emailShare: 0 })));
    expect(text).not.toContain('Amazon SES charges');
  });

  it('routes everything but mail through the API unless told otherwise', () => {
    const json = costJson(estimateCost(defaultInputs(1e6, { emailShare: 0.2 })));
    expect(json.inputs.apiShare).toBeCloseTo(0.8, 9);
  });

  it('prints a table with every service and the total', () => {
    const text = formatCost(estimateCost(defaultInputs(100e6, { mode: 'comprehend' })));
    for (const service of [
      'sqs',
      'lambda',
      'dynamodb',
      'comprehend',
      'ses',
      'cloudwatch-logs',
      'cloudfront-s3',
      'cognito',
      'inbox-api-gateway',
      'inbox-lambda',
      'inbox-dynamodb',
      'deadline-sweeper',
      'alert-sns',
      'alert-webhook',
      'total',
    ]) {
      expect(text).toContain(service);
    }
    expect(text).toContain('check them before quoting');
  });

  it('sizes the team group by --staff, --inbox-hours, --open-cases and the alert subscribers', async () => {
    // Prepare
    const stdout = captureStdout();

    // Act
    await costCommand.run([
      '--messages',
      '1M',
      '--staff',
      '12',
      '--inbox-hours',
      '6',
      '--open-cases',
      '1,500',
      '--alert-emails',
      '0',
      '--no-alert-webhook',
      '--json',
    ]);

    // Assess
    const json = JSON.parse(stdout.text()) as {
      inputs: { team: Record<string, unknown> };
      services: Record<string, { usd: number; group: string; usage: Record<string, number> }>;
      fixedMonthly: Record<string, unknown>;
    };
    expect(json.inputs.team).toEqual({
      staff: 12,
      inboxHours: 6,
      openCases: 1_500,
      alertEmails: 0,
      alertWebhook: false,
    });
    expect(json.services.cognito?.usage.monthlyActiveUsers).toBe(12);
    // One page of 50 at 1.5 units and four full tier counts (2 each), not the 1,500 cases.
    expect(json.services['inbox-dynamodb']?.usage.readUnitsPerPoll).toBe(84);
    expect(json.services['alert-sns']?.usage.emails).toBe(0);
    expect(json.services['alert-webhook']?.usd).toBe(0);
    expect(json.fixedMonthly['alert-webhook-standing']).toBeUndefined();
  });

  it('prints the team apart, says what it is sized by, and that a poll reads one page', () => {
    const text = formatCost(estimateCost(defaultInputs(1e6)));
    expect(text).toMatch(/^team \(inbox, alerts\) subtotal +\$[\d,.]+ +[\d.]+ % +5 staff, 200 open cases$/m);
    expect(text).toMatch(
      /^ {2}inbox-dynamodb +\$[\d,.]+ .*a poll reads one page of 50 cases and the tier counts: 80 read units$/m,
    );
    expect(text).not.toMatch(/6 MB|every open case/);
    const prose = text.replace(/\n {2}/g, ' ');
    expect(prose).toContain('5 staff with the inbox open 8 h a day poll GET /api/cases every 4 s');
    expect(prose).toContain('80 units and 33 KB at 200 open cases, at most 84 units however many are open');
    expect(prose).toMatch(/Alerts: 100 thousand a month, the 10 % of messages routed senior/);
  });

  it('prints the same team subtotal at 5,000 and 50,000 open cases', async () => {
    const subtotal = async (openCases: string) => {
      const stdout = captureStdout();
      await costCommand.run(['--messages', '1M', '--open-cases', openCases, '--json']);
      vi.restoreAllMocks();
      return (JSON.parse(stdout.text()) as { subtotals: { team: number } }).subtotals.team;
    };
    const at5k = await subtotal('5,000');
    expect(at5k).toBeGreaterThan(0);
    expect(await subtotal('50,000')).toBe(at5k);
    expect(await subtotal('10')).toBeLessThan(at5k);
  });

  it('refuses a missing or malformed --messages, an unknown mode and shares above 1', async () => {
    await expect(costCommand.run([])).rejects.toBeInstanceOf(UsageError);
    await expect(costCommand.run(['--messages', 'lots'])).rejects.toBeInstanceOf(UsageError);
    await expect(costCommand.run(['--messages', '1M', '--mode', 'gpt'])).rejects.toBeInstanceOf(UsageError);
    await expect(costCommand.run(['--messages', '1M', '--email-share', '1.5'])).rejects.toBeInstanceOf(
      UsageError,
    );
    await expect(costCommand.run(['--messages', '1M', '--inbox-hours', '25'])).rejects.toThrow(
      '--inbox-hours: 25 is more than a day',
    );
    await expect(costCommand.run(['--messages', '1M', '--staff', '2.5'])).rejects.toThrow(
      "--staff: '2.5' is not a whole number",
    );
  });
});
