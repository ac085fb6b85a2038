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
      subtotals: { pipeline: number; ingress: number; tracing: number };
      total: number;
      inputs: { messages: number; cascadeShare: number };
    };
    expect(json.inputs).toMatchObject({ messages: 1_000_000, cascadeShare: 0.15 });
    const sum = Object.values(json.services).reduce((total, s) => total + s.usd, 0);
    expect(json.total).toBeCloseTo(sum, 1);
    expect(json.services.comprehend?.usd).toBeCloseTo(45, 2);
    const { pipeline, ingress, tracing } = json.subtotals;
    expect(pipeline + ingress + tracing).toBeCloseTo(json.total, 1);
    expect(json.services.ses?.group).toBe('ingress');
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
    for (const service of ['sqs', 'lambda', 'dynamodb', 'comprehend', 'ses', 'cloudwatch-logs', 'total']) {
      expect(text).toContain(service);
    }
    expect(text).toContain('check them before quoting');
  });

  it('refuses a missing or malformed --messages, an unknown mode and shares above 1', async () => {
    await expect(costCommand.run([])).rejects.toBeInstanceOf(UsageError);
    await expect(costCommand.run(['--messages', 'lots'])).rejects.toBeInstanceOf(UsageError);
    await expect(costCommand.run(['--messages', '1M', '--mode', 'gpt'])).rejects.toBeInstanceOf(UsageError);
    await expect(costCommand.run(['--messages', '1M', '--email-share', '1.5'])).rejects.toBeInstanceOf(
      UsageError,
    );
  });
});
